<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
  <context>
    <name>ChairWindow</name>
    <message>
      <source>Conference Facilitator – {title}</source>
      <translation>Hwylusydd Cynadleddau – {title}</translation>
    </message>
    <message>
      <source>Meeting</source>
      <translation>Cyfarfod</translation>
    </message>
    <message>
      <source>Decision and plan</source>
      <translation>Penderfyniad a chynllun</translation>
    </message>
    <message>
      <source>Minutes</source>
      <translation>Cofnodion</translation>
    </message>
    <message>
      <source>Cameras</source>
      <translation>Camerâu</translation>
    </message>
    <message>
      <source>Before the meeting</source>
      <translation>Cyn y cyfarfod</translation>
    </message>
  </context>
  <context>
    <name>Header</name>
    <message>
      <source>Mute the room</source>
      <translation>Tewi'r ystafell</translation>
    </message>
    <message>
      <source>Remote people stop hearing the room (they are told)</source>
      <translation>Nid yw pobl o bell yn clywed yr ystafell mwyach (dywedir wrthynt)</translation>
    </message>
    <message>
      <source>Transcription on</source>
      <translation>Trawsgrifio ymlaen</translation>
    </message>
    <message>
      <source>Switch transcription off (with a reason) or on</source>
      <translation>Diffodd trawsgrifio (gyda rheswm) neu ei droi ymlaen</translation>
    </message>
    <message>
      <source>Record and letters…</source>
      <translation>Cofnod a llythyrau…</translation>
    </message>
    <message>
      <source>Export the record, family copies, letters, plan and calendar invitations (Ctrl+Shift+R)</source>
      <translation>Allforio'r cofnod, copïau'r teulu, llythyrau, y cynllun a gwahoddiadau calendr (Ctrl+Shift+R)</translation>
    </message>
    <message>
      <source>scheduled</source>
      <translation>wedi'i threfnu</translation>
    </message>
    <message>
      <source>in progress</source>
      <translation>ar y gweill</translation>
    </message>
    <message>
      <source>on a break</source>
      <translation>ar egwyl</translation>
    </message>
    <message>
      <source>ended</source>
      <translation>wedi dod i ben</translation>
    </message>
    <message>
      <source>Initial conference</source>
      <translation>Cynhadledd gychwynnol</translation>
    </message>
    <message>
      <source>Review conference</source>
      <translation>Cynhadledd adolygu</translation>
    </message>
    <message>
      <source>Wales</source>
      <translation>Cymru</translation>
    </message>
    <message>
      <source>England</source>
      <translation>Lloegr</translation>
    </message>
    <message>
      <source>Scheduled {when}</source>
      <translation>Wedi'i threfnu {when}</translation>
    </message>
    <message>
      <source>planned end {time}</source>
      <translation>diwedd arfaethedig {time}</translation>
    </message>
    <message>
      <source>not started yet</source>
      <translation>heb ddechrau eto</translation>
    </message>
    <message>
      <source>started {time}</source>
      <translation>dechreuodd {time}</translation>
    </message>
    <message>
      <source>Transcription: {state}</source>
      <translation>Trawsgrifio: {state}</translation>
    </message>
    <message>
      <source>Transcription: switched off for this conference</source>
      <translation>Trawsgrifio: wedi'i ddiffodd ar gyfer y gynhadledd hon</translation>
    </message>
    <message>
      <source>Room muted: unmute</source>
      <translation>Ystafell wedi'i thewi: dad-dewi</translation>
    </message>
    <message>
      <source>Transcription off</source>
      <translation>Trawsgrifio i ffwrdd</translation>
    </message>
  </context>
</TS>