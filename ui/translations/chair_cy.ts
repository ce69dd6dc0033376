<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
  <context>
    <name>AgendaPanel</name>
    <message>
      <source>Agenda</source>
      <translation>Agenda</translation>
    </message>
    <message>
      <source>Not started</source>
      <translation>Heb ddechrau</translation>
    </message>
    <message>
      <source>Start meeting</source>
      <translation>Dechrau'r cyfarfod</translation>
    </message>
    <message>
      <source>Start the meeting</source>
      <translation>Dechrau'r cyfarfod</translation>
    </message>
    <message>
      <source>◀ Previous</source>
      <translation>◀ Blaenorol</translation>
    </message>
    <message>
      <source>Back to the previous stage (Ctrl+Left)</source>
      <translation>Yn ôl i'r cam blaenorol (Ctrl+Chwith)</translation>
    </message>
    <message>
      <source>Next stage ▶</source>
      <translation>Cam nesaf ▶</translation>
    </message>
    <message>
      <source>Move to the next stage (Ctrl+Right)</source>
      <translation>Symud i'r cam nesaf (Ctrl+Dde)</translation>
    </message>
    <message>
      <source>Break</source>
      <translation>Egwyl</translation>
    </message>
    <message>
      <source>Start a break</source>
      <translation>Dechrau egwyl</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>Ailddechrau</translation>
    </message>
    <message>
      <source>End the break</source>
      <translation>Gorffen yr egwyl</translation>
    </message>
    <message>
      <source> min</source>
      <translation> munud</translation>
    </message>
    <message>
      <source>Extend stage</source>
      <translation>Ymestyn y cam</translation>
    </message>
    <message>
      <source>Add minutes to the current stage</source>
      <translation>Ychwanegu munudau at y cam presennol</translation>
    </message>
    <message>
      <source>Extend meeting…</source>
      <translation>Ymestyn y cyfarfod…</translation>
    </message>
    <message>
      <source>Move the planned end later, with a reason</source>
      <translation>Symud y diwedd arfaethedig yn hwyrach, gyda rheswm</translation>
    </message>
    <message>
      <source>End meeting</source>
      <translation>Gorffen y cyfarfod</translation>
    </message>
    <message>
      <source>Close the meeting</source>
      <translation>Cau'r cyfarfod</translation>
    </message>
    <message>
      <source>Stage</source>
      <translation>Cam</translation>
    </message>
    <message>
      <source>Planned</source>
      <translation>Arfaethedig</translation>
    </message>
    <message>
      <source>Actual</source>
      <translation>Gwirioneddol</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Statws</translation>
    </message>
    <message>
      <source>pending</source>
      <translation>i ddod</translation>
    </message>
    <message>
      <source>current</source>
      <translation>presennol</translation>
    </message>
    <message>
      <source>done</source>
      <translation>wedi'i wneud</translation>
    </message>
    <message>
      <source>skipped</source>
      <translation>wedi'i hepgor</translation>
    </message>
    <message>
      <source>The meeting has ended.</source>
      <translation>Mae'r cyfarfod wedi dod i ben.</translation>
    </message>
    <message>
      <source>Decision and planning: {protected} of {needed} minutes protected; {slack} minutes of slack.</source>
      <translation>Penderfynu a chynllunio: {protected} o {needed} munud wedi'u diogelu; {slack} munud wrth gefn.</translation>
    </message>
    <message>
      <source>On a break ({stage})</source>
      <translation>Ar egwyl ({stage})</translation>
    </message>
    <message>
      <source>Meeting ended</source>
      <translation>Cyfarfod wedi dod i ben</translation>
    </message>
    <message>
      <source> · ring-fenced</source>
      <translation> · wedi'i neilltuo</translation>
    </message>
  </context>
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
  <context>
    <name>PeoplePanel</name>
    <message>
      <source>People</source>
      <translation>Pobl</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Enw</translation>
    </message>
    <message>
      <source>Role, agency, needs and connection</source>
      <translation>Rôl, asiantaeth, anghenion a chysylltiad</translation>
    </message>
    <message>
      <source>Arrived</source>
      <translation>Wedi cyrraedd</translation>
    </message>
    <message>
      <source>Mark the selected people as arrived</source>
      <translation>Nodi bod y bobl a ddewiswyd wedi cyrraedd</translation>
    </message>
    <message>
      <source>Left</source>
      <translation>Wedi gadael</translation>
    </message>
    <message>
      <source>Mark the selected people as having left</source>
      <translation>Nodi bod y bobl a ddewiswyd wedi gadael</translation>
    </message>
    <message>
      <source>Returned</source>
      <translation>Wedi dychwelyd</translation>
    </message>
    <message>
      <source>Mark the selected people as back</source>
      <translation>Nodi bod y bobl a ddewiswyd yn ôl</translation>
    </message>
    <message>
      <source>Move out of segment…</source>
      <translation>Symud allan o'r rhan hon…</translation>
    </message>
    <message>
      <source>Exclude the selected people from this segment (Ctrl+E)</source>
      <translation>Eithrio'r bobl a ddewiswyd o'r rhan hon (Ctrl+E)</translation>
    </message>
    <message>
      <source>Bring back</source>
      <translation>Dod yn ôl</translation>
    </message>
    <message>
      <source>Readmit the selected people (Ctrl+B)</source>
      <translation>Derbyn y bobl a ddewiswyd yn ôl (Ctrl+B)</translation>
    </message>
    <message>
      <source>Add late arrival…</source>
      <translation>Ychwanegu rhywun hwyr…</translation>
    </message>
    <message>
      <source>Add someone who was not on the list</source>
      <translation>Ychwanegu rhywun nad oedd ar y rhestr</translation>
    </message>
    <message>
      <source>Admit</source>
      <translation>Derbyn</translation>
    </message>
    <message>
      <source>Let the selected people in from the waiting room</source>
      <translation>Gadael y bobl a ddewiswyd i mewn o'r ystafell aros</translation>
    </message>
    <message>
      <source>Admit all</source>
      <translation>Derbyn pawb</translation>
    </message>
    <message>
      <source>Let everyone in the waiting room in</source>
      <translation>Gadael pawb yn yr ystafell aros i mewn</translation>
    </message>
    <message>
      <source>To waiting room</source>
      <translation>I'r ystafell aros</translation>
    </message>
    <message>
      <source>Send the selected remote people back to the waiting room</source>
      <translation>Anfon y bobl o bell a ddewiswyd yn ôl i'r ystafell aros</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Tynnu</translation>
    </message>
    <message>
      <source>Remove the selected people from the meeting</source>
      <translation>Tynnu'r bobl a ddewiswyd o'r cyfarfod</translation>
    </message>
    <message>
      <source>Ask to unmute</source>
      <translation>Gofyn am ddad-dewi</translation>
    </message>
    <message>
      <source>Ask the selected remote people to unmute</source>
      <translation>Gofyn i'r bobl o bell a ddewiswyd ddad-dewi</translation>
    </message>
    <message>
      <source>Join links…</source>
      <translation>Dolenni ymuno…</translation>
    </message>
    <message>
      <source>Each remote person's link, meeting code and PIN</source>
      <translation>Dolen, cod cyfarfod a PIN pob unigolyn o bell</translation>
    </message>
    <message>
      <source>(speaking) </source>
      <translation>(yn siarad) </translation>
    </message>
    <message>
      <source>In the room</source>
      <translation>Yn yr ystafell</translation>
    </message>
    <message>
      <source>Remote by video</source>
      <translation>O bell drwy fideo</translation>
    </message>
    <message>
      <source>Remote by phone</source>
      <translation>O bell dros y ffôn</translation>
    </message>
    <message>
      <source>Waiting room</source>
      <translation>Ystafell aros</translation>
    </message>
    <message>
      <source>Out of this segment</source>
      <translation>Allan o'r rhan hon</translation>
    </message>
    <message>
      <source>Expected, not yet here</source>
      <translation>Disgwylir, heb gyrraedd eto</translation>
    </message>
    <message>
      <source>Left the meeting</source>
      <translation>Wedi gadael y cyfarfod</translation>
    </message>
    <message>
      <source>Apologies and written reports</source>
      <translation>Ymddiheuriadau ac adroddiadau ysgrifenedig</translation>
    </message>
    <message>
      <source>Needs: {needs}</source>
      <translation>Anghenion: {needs}</translation>
    </message>
    <message>
      <source>Connection: {line}</source>
      <translation>Cysylltiad: {line}</translation>
    </message>
  </context>
</TS>