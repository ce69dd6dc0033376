<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
  <context>
    <name>AddAttendeeDialog</name>
    <message>
      <source>Add a late arrival</source>
      <translation>Ychwanegu rhywun sy'n cyrraedd yn hwyr</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Enw</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>Rôl</translation>
    </message>
    <message>
      <source>Agency</source>
      <translation>Asiantaeth</translation>
    </message>
    <message>
      <source>Attending</source>
      <translation>Sut y mae'n bresennol</translation>
    </message>
  </context>
  <context>
    <name>AddressesSection</name>
    <message>
      <source>One line per line of the address (at most {lines}, {chars} characters each). It is printed under the name, where a window envelope shows it.</source>
      <translation>Un llinell i bob llinell o'r cyfeiriad (dim mwy na {lines}, {chars} nod yr un). Caiff ei argraffu o dan yr enw, lle mae amlen ffenestr yn ei ddangos.</translation>
    </message>
    <message>
      <source>The selected person's postal address, one line per line</source>
      <translation>Cyfeiriad post y person a ddewiswyd, un llinell i bob llinell</translation>
    </message>
    <message>
      <source>House number and street
Town
Postcode</source>
      <translation>Rhif y tŷ a'r stryd
Tref
Cod post</translation>
    </message>
    <message>
      <source>Record address</source>
      <translation>Cofnodi'r cyfeiriad</translation>
    </message>
  </context>
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
    <name>ChildDecisionTab</name>
    <message>
      <source>Each agency's view: has {name} suffered, or is likely to suffer, significant harm?</source>
      <translation>Barn pob asiantaeth: a yw {name} wedi dioddef, neu'n debygol o ddioddef, niwed sylweddol?</translation>
    </message>
    <message>
      <source>Comment</source>
      <translation>Sylw</translation>
    </message>
    <message>
      <source>Record view</source>
      <translation>Cofnodi barn</translation>
    </message>
    <message>
      <source>Agency</source>
      <translation>Asiantaeth</translation>
    </message>
    <message>
      <source>View</source>
      <translation>Barn</translation>
    </message>
    <message>
      <source>Categories</source>
      <translation>Categorïau</translation>
    </message>
    <message>
      <source>Signs of Safety scale: how safe is {name} now?</source>
      <translation>Graddfa Arwyddion Diogelwch: pa mor ddiogel yw {name} nawr?</translation>
    </message>
    <message>
      <source>Each agency, and the family, gives a number from 0 to {top}: 0 means {name} will certainly be harmed (again); {top} means everyone agrees {name} is safe enough for the case to close. The numbers go into the record with the decision.</source>
      <translation>Mae pob asiantaeth, a'r teulu, yn rhoi rhif o 0 i {top}: mae 0 yn golygu y bydd {name} yn sicr o gael niwed (eto); mae {top} yn golygu bod pawb yn cytuno bod {name} yn ddigon diogel i gau'r achos. Mae'r rhifau'n mynd i'r cofnod gyda'r penderfyniad.</translation>
    </message>
    <message>
      <source>0 (certain harm) to {top} (safe enough to close)</source>
      <translation>0 (niwed sicr) i {top} (digon diogel i gau)</translation>
    </message>
    <message>
      <source>Scale </source>
      <translation>Graddfa </translation>
    </message>
    <message>
      <source> of {top}</source>
      <translation> o {top}</translation>
    </message>
    <message>
      <source>Record scale</source>
      <translation>Cofnodi'r raddfa</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>Pwy</translation>
    </message>
    <message>
      <source>Scale (0-10)</source>
      <translation>Graddfa (0-10)</translation>
    </message>
    <message>
      <source>Recorded at</source>
      <translation>Cofnodwyd am</translation>
    </message>
    <message>
      <source>The chair's decision</source>
      <translation>Penderfyniad y cadeirydd</translation>
    </message>
    <message>
      <source>A child protection plan is required</source>
      <translation>Mae angen cynllun amddiffyn plant</translation>
    </message>
    <message>
      <source>No child protection plan</source>
      <translation>Dim cynllun amddiffyn plant</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>Penderfyniad</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>Categori</translation>
    </message>
    <message>
      <source>Reasons</source>
      <translation>Rhesymau</translation>
    </message>
    <message>
      <source>Dissent</source>
      <translation>Anghytuno</translation>
    </message>
    <message>
      <source>Record decision</source>
      <translation>Cofnodi'r penderfyniad</translation>
    </message>
    <message>
      <source>No decision recorded yet.</source>
      <translation>Dim penderfyniad wedi'i gofnodi eto.</translation>
    </message>
    <message>
      <source>The child protection plan</source>
      <translation>Y cynllun amddiffyn plant</translation>
    </message>
    <message>
      <source>Lead social worker</source>
      <translation>Gweithiwr cymdeithasol arweiniol</translation>
    </message>
    <message>
      <source>Tick each person in the core group</source>
      <translation>Ticiwch bob unigolyn yn y grŵp craidd</translation>
    </message>
    <message>
      <source>Core group</source>
      <translation>Grŵp craidd</translation>
    </message>
    <message>
      <source>First core group (by {day})</source>
      <translation>Grŵp craidd cyntaf (erbyn {day})</translation>
    </message>
    <message>
      <source>Needed only when the first core group is after {day}</source>
      <translation>Dim ond ei angen pan fydd y grŵp craidd cyntaf ar ôl {day}</translation>
    </message>
    <message>
      <source>Only if it is later than that: why</source>
      <translation>Dim ond os yw'n hwyrach na hynny: pam</translation>
    </message>
    <message>
      <source>If later, why</source>
      <translation>Os yn hwyrach, pam</translation>
    </message>
    <message>
      <source>Review (by {day})</source>
      <translation>Adolygiad (erbyn {day})</translation>
    </message>
    <message>
      <source>Add an outcome</source>
      <translation>Ychwanegu canlyniad</translation>
    </message>
    <message>
      <source>Outcomes</source>
      <translation>Canlyniadau</translation>
    </message>
    <message>
      <source>e.g. at every visit, at least every 10 working days</source>
      <translation>e.e. ym mhob ymweliad, o leiaf bob 10 diwrnod gwaith</translation>
    </message>
    <message>
      <source>Child seen alone</source>
      <translation>Gweld y plentyn ar ei ben ei hun</translation>
    </message>
    <message>
      <source>Contingency</source>
      <translation>Cynllun wrth gefn</translation>
    </message>
    <message>
      <source>Record plan</source>
      <translation>Cofnodi'r cynllun</translation>
    </message>
    <message>
      <source>Not quorate ({why}): a decision now is an interim one; you will be asked why, and when the conference is re-listed.</source>
      <translation>Nid yw'n gworwm ({why}): penderfyniad interim fydd penderfyniad nawr; gofynnir i chi pam, a phryd y bydd y gynhadledd yn cyfarfod eto.</translation>
    </message>
    <message>
      <source>plan required: {categories}</source>
      <translation>angen cynllun: {categories}</translation>
    </message>
    <message>
      <source>no plan required</source>
      <translation>dim angen cynllun</translation>
    </message>
    <message>
      <source>interim (inquorate), {outcome}</source>
      <translation>interim (dim cworwm), {outcome}</translation>
    </message>
    <message>
      <source>; re-listed for {day}</source>
      <translation>; yn cyfarfod eto ar {day}</translation>
    </message>
    <message>
      <source>Recorded: {outcome}.</source>
      <translation>Cofnodwyd: {outcome}.</translation>
    </message>
    <message>
      <source> Dissent: {names}.</source>
      <translation> Anghytuno: {names}.</translation>
    </message>
    <message>
      <source>Recorded: lead {lead}, core group {members}, first core group {first}, review {review}.</source>
      <translation>Cofnodwyd: arweinydd {lead}, grŵp craidd {members}, grŵp craidd cyntaf {first}, adolygiad {review}.</translation>
    </message>
    <message>
      <source>none</source>
      <translation>neb</translation>
    </message>
  </context>
  <context>
    <name>ChildSection</name>
    <message>
      <source>Does the child attend? (the chair's decision, with reasons)</source>
      <translation>A yw'r plentyn yn dod? (penderfyniad y cadeirydd, gyda rhesymau)</translation>
    </message>
    <message>
      <source>The child attends the conference</source>
      <translation>Mae'r plentyn yn dod i'r gynhadledd</translation>
    </message>
    <message>
      <source>Reasons</source>
      <translation>Rhesymau</translation>
    </message>
    <message>
      <source>Views by</source>
      <translation>Barn drwy</translation>
    </message>
    <message>
      <source>Record attendance decision</source>
      <translation>Cofnodi'r penderfyniad am bresenoldeb</translation>
    </message>
    <message>
      <source>Independent advocate</source>
      <translation>Eiriolwr annibynnol</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>Derbyniwyd</translation>
    </message>
    <message>
      <source>Advocate offered</source>
      <translation>Cynigiwyd eiriolwr</translation>
    </message>
    <message>
      <source>The child's own letters, drawings and recordings</source>
      <translation>Llythyrau, lluniau a recordiadau'r plentyn ei hun</translation>
    </message>
    <message>
      <source>A few words about it</source>
      <translation>Ychydig eiriau amdano</translation>
    </message>
    <message>
      <source>Attach file…</source>
      <translation>Atodi ffeil…</translation>
    </message>
    <message>
      <source>Store a file with the conference</source>
      <translation>Cadw ffeil gyda'r gynhadledd</translation>
    </message>
  </context>
  <context>
    <name>ConflictDialog</name>
    <message>
      <source>This line was changed by someone else</source>
      <translation>Newidiodd rhywun arall y llinell hon</translation>
    </message>
    <message>
      <source>Someone changed this line while you were editing it. Choose which text to keep (you can edit it further).</source>
      <translation>Newidiodd rhywun y llinell hon tra oeddech yn ei golygu. Dewiswch pa destun i'w gadw (gallwch ei olygu ymhellach).</translation>
    </message>
    <message>
      <source>Their version (saved):</source>
      <translation>Eu fersiwn nhw (wedi'i gadw):</translation>
    </message>
    <message>
      <source>Your version:</source>
      <translation>Eich fersiwn chi:</translation>
    </message>
    <message>
      <source>Keep mine</source>
      <translation>Cadw fy fersiwn i</translation>
    </message>
    <message>
      <source>Keep theirs</source>
      <translation>Cadw eu fersiwn nhw</translation>
    </message>
  </context>
  <context>
    <name>Dialogs</name>
    <message>
      <source>{who} missed part of this meeting. What you type here goes into the family's copies of the record: if it says anything about what was said while someone was out, mark it confidential.</source>
      <translation>Collodd {who} ran o'r cyfarfod hwn. Mae'r hyn rydych yn ei deipio yma yn mynd i gopïau'r teulu o'r cofnod: os yw'n dweud unrhyw beth am yr hyn a ddywedwyd tra oedd rhywun allan, marciwch ef yn gyfrinachol.</translation>
    </message>
    <message>
      <source>Confidential: keep this reason out of the family's copies</source>
      <translation>Cyfrinachol: cadw'r rheswm hwn allan o gopïau'r teulu</translation>
    </message>
    <message>
      <source>Left out of every family copy; the professionals' record keeps it</source>
      <translation>Wedi'i adael allan o bob copi i'r teulu; mae cofnod y gweithwyr proffesiynol yn ei gadw</translation>
    </message>
  </context>
  <context>
    <name>ExclusionDialog</name>
    <message>
      <source>Move out of this segment</source>
      <translation>Symud allan o'r rhan hon</translation>
    </message>
    <message>
      <source>Move {names} out of this segment of the meeting. They will not hear, be heard, or see captions until brought back, and their copy of the record leaves this part out.</source>
      <translation>Symud {names} allan o'r rhan hon o'r cyfarfod. Ni fyddant yn clywed, yn cael eu clywed, nac yn gweld capsiynau nes iddynt ddod yn ôl, ac mae eu copi o'r cofnod yn gadael y rhan hon allan.</translation>
    </message>
    <message>
      <source>Grounds (procedure section 8.3):</source>
      <translation>Seiliau (adran 8.3 y weithdrefn):</translation>
    </message>
    <message>
      <source>Requested by</source>
      <translation>Cais gan</translation>
    </message>
    <message>
      <source>Reason (required, goes into the record)</source>
      <translation>Rheswm (gofynnol, yn mynd i'r cofnod)</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Rheswm</translation>
    </message>
    <message>
      <source>The reason is confidential: the letter to them gives the grounds only</source>
      <translation>Mae'r rheswm yn gyfrinachol: mae'r llythyr atynt yn rhoi'r seiliau yn unig</translation>
    </message>
    <message>
      <source>The child's advocate stays (the child may receive this information)</source>
      <translation>Mae eiriolwr y plentyn yn aros (caiff y plentyn yr wybodaeth hon)</translation>
    </message>
    <message>
      <source>{name} (interpreter) stays in this part</source>
      <translation>{name} (cyfieithydd) yn aros yn y rhan hon</translation>
    </message>
    <message>
      <source>Why they stay (required, goes into the record)</source>
      <translation>Pam maen nhw'n aros (gofynnol, yn mynd i'r cofnod)</translation>
    </message>
    <message>
      <source>&lt;b&gt;Who else may not have this part in writing?&lt;/b&gt; They stay and hear it, but their copy of the record could reach the person excluded. It is left out of every ticked person's copy; the record says what you decided.</source>
      <translation>&lt;b&gt;Pwy arall na chaiff y rhan hon yn ysgrifenedig?&lt;/b&gt; Maent yn aros ac yn ei chlywed, ond gallai eu copi o'r cofnod gyrraedd y person a eithriwyd. Caiff ei gadael allan o gopi pob person a diciwyd; mae'r cofnod yn dweud beth a benderfynoch.</translation>
    </message>
  </context>
  <context>
    <name>ExtendMeetingDialog</name>
    <message>
      <source>Extend the meeting</source>
      <translation>Ymestyn y cyfarfod</translation>
    </message>
    <message>
      <source>Extra minutes</source>
      <translation>Munudau ychwanegol</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Rheswm</translation>
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
    <name>InterimDialog</name>
    <message>
      <source>Not quorate: an interim decision</source>
      <translation>Dim cworwm: penderfyniad interim</translation>
    </message>
    <message>
      <source>The conference is {quorum}.

Without quorum the chair may make an interim decision and plan, records why, and re-lists the conference within {days} working days (by {due}). The record and the letters will say the decision is interim and give the re-listing date.</source>
      <translation>Y gynhadledd: {quorum}.

Heb gworwm, caiff y cadeirydd wneud penderfyniad a chynllun interim, gan gofnodi pam, a threfnu i'r gynhadledd gyfarfod eto o fewn {days} diwrnod gwaith (erbyn {due}). Bydd y cofnod a'r llythyrau'n dweud mai penderfyniad interim ydyw ac yn rhoi'r dyddiad y bydd yn cyfarfod eto.</translation>
    </message>
    <message>
      <source>Why the chair goes ahead without quorum (goes into the record)</source>
      <translation>Pam mae'r cadeirydd yn bwrw ymlaen heb gworwm (yn mynd i'r cofnod)</translation>
    </message>
    <message>
      <source>Why go ahead now (required)</source>
      <translation>Pam bwrw ymlaen nawr (gofynnol)</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Rheswm</translation>
    </message>
    <message>
      <source>Re-list on</source>
      <translation>Cyfarfod eto ar</translation>
    </message>
    <message>
      <source>Record interim decision</source>
      <translation>Cofnodi penderfyniad interim</translation>
    </message>
  </context>
  <context>
    <name>InterpreterDialog</name>
    <message>
      <source>Whom {name} interprets for</source>
      <translation>I bwy y mae {name} yn cyfieithu</translation>
    </message>
    <message>
      <source>{name} interprets for the people ticked. They go out of a part of the meeting with them unless you keep them in, and their lines are marked “interpreting for” these people.</source>
      <translation>Mae {name} yn cyfieithu i'r bobl a dicwyd. Maen nhw'n gadael rhan o'r cyfarfod gyda nhw oni bai eich bod yn eu cadw i mewn, a chaiff eu llinellau eu marcio'n “yn cyfieithu i” y bobl hyn.</translation>
    </message>
  </context>
  <context>
    <name>InterpretingDialog</name>
    <message>
      <source>Time for interpreting</source>
      <translation>Amser ar gyfer cyfieithu</translation>
    </message>
    <message>
      <source>With consecutive interpreting everything said is said twice: allow each stage more than its planned time. The stage timers, the agenda and the ring-fenced decision and planning time count with it, and the record says so.</source>
      <translation>Gyda chyfieithu olynol mae popeth a ddywedir yn cael ei ddweud ddwywaith: rhowch fwy na'i amser arfaethedig i bob cam. Mae amseryddion y camau, yr agenda a'r amser a neilltuwyd ar gyfer penderfynu a chynllunio yn cyfrif hynny, ac mae'r cofnod yn dweud hynny.</translation>
    </message>
    <message>
      <source>Each stage is allowed this many times its planned length</source>
      <translation>Caiff pob cam hyn o weithiau ei hyd arfaethedig</translation>
    </message>
    <message>
      <source>Stage times</source>
      <translation>Amseroedd y camau</translation>
    </message>
    <message>
      <source>The rest of the agenda would take {after} minutes instead of {before} ({extra} more), to about {end}; the planned end is {planned}.</source>
      <translation>Byddai gweddill yr agenda yn cymryd {after} munud yn lle {before} ({extra} yn fwy), tan tua {end}; y diwedd arfaethedig yw {planned}.</translation>
    </message>
    <message>
      <source>Move the planned end by the {extra} minutes interpreting adds, to {end} (the reason goes into the record: {reason})</source>
      <translation>Symud y diwedd arfaethedig o'r {extra} munud y mae cyfieithu yn eu hychwanegu, i {end} (mae'r rheswm yn mynd i'r cofnod: {reason})</translation>
    </message>
  </context>
  <context>
    <name>InterpretingRow</name>
    <message>
      <source>{interpreter} interprets {language} for {people}</source>
      <translation>Mae {interpreter} yn cyfieithu {language} i {people}</translation>
    </message>
    <message>
      <source>Interpreting time…</source>
      <translation>Amser cyfieithu…</translation>
    </message>
    <message>
      <source>Allow the stages more time for consecutive interpreting</source>
      <translation>Rhoi mwy o amser i'r camau ar gyfer cyfieithu olynol</translation>
    </message>
    <message>
      <source>Consecutive interpreting roughly doubles speaking time: the stage times are as planned.</source>
      <translation>Mae cyfieithu olynol yn dyblu'r amser siarad fwy neu lai: mae amseroedd y camau fel y'u cynlluniwyd.</translation>
    </message>
    <message>
      <source>Stage times include consecutive interpreting (× {multiplier}).</source>
      <translation>Mae amseroedd y camau'n cynnwys cyfieithu olynol (× {multiplier}).</translation>
    </message>
  </context>
  <context>
    <name>InvitationsSection</name>
    <message>
      <source>Save invitation…</source>
      <translation>Cadw'r gwahoddiad…</translation>
    </message>
    <message>
      <source>Invitation sent</source>
      <translation>Anfonwyd y gwahoddiad</translation>
    </message>
    <message>
      <source>Invitation</source>
      <translation>Gwahoddiad</translation>
    </message>
    <message>
      <source>Substitute from the same agency</source>
      <translation>Dirprwy o'r un asiantaeth</translation>
    </message>
    <message>
      <source>Name substitute</source>
      <translation>Enwi dirprwy</translation>
    </message>
    <message>
      <source>Reply</source>
      <translation>Ateb</translation>
    </message>
  </context>
  <context>
    <name>LinksDialog</name>
    <message>
      <source>Join links</source>
      <translation>Dolenni ymuno</translation>
    </message>
    <message>
      <source>Each link lets only that person in, to the waiting room. On a phone they can go to {url} and type the meeting code and their PIN. Send each person only their own line.</source>
      <translation>Mae pob dolen yn gadael yr unigolyn hwnnw yn unig i mewn, i'r ystafell aros. Ar ffôn gallant fynd i {url} a theipio cod y cyfarfod a'u PIN. Anfonwch ei linell ei hun yn unig at bob person.</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Enw</translation>
    </message>
    <message>
      <source>Link</source>
      <translation>Dolen</translation>
    </message>
    <message>
      <source>Meeting code</source>
      <translation>Cod y cyfarfod</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>Minute-taker (open with: facilitator minutes LINK):</source>
      <translation>Cofnodwr (agorwch gyda: facilitator minutes DOLEN):</translation>
    </message>
  </context>
  <context>
    <name>LiveMeeting</name>
    <message>
      <source>Switch transcription off</source>
      <translation>Diffodd y trawsgrifio</translation>
    </message>
    <message>
      <source>Why is transcription switched off? (goes into the record; everyone is told)</source>
      <translation>Pam mae'r trawsgrifio'n cael ei ddiffodd? (yn mynd i'r cofnod; dywedir wrth bawb)</translation>
    </message>
    <message>
      <source>Camera pictures are shown on the hub's computer only: they are not sent to a window connected to a remote hub.</source>
      <translation>Dim ond ar gyfrifiadur y canolbwynt y dangosir lluniau'r camerâu: nid ydynt yn cael eu hanfon i ffenestr sydd wedi'i chysylltu â chanolbwynt o bell.</translation>
    </message>
    <message>
      <source>Remote participants join at {url} (Join links… gives each person's link)</source>
      <translation>Mae cyfranogwyr o bell yn ymuno yn {url} (mae Dolenni ymuno… yn rhoi dolen pob person)</translation>
    </message>
    <message>
      <source>Room</source>
      <translation>Ystafell</translation>
    </message>
    <message>
      <source>connected</source>
      <translation>wedi cysylltu</translation>
    </message>
    <message>
      <source>connecting</source>
      <translation>yn cysylltu</translation>
    </message>
    <message>
      <source>disconnected</source>
      <translation>wedi datgysylltu</translation>
    </message>
    <message>
      <source>closed</source>
      <translation>wedi cau</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>wedi methu</translation>
    </message>
    <message>
      <source>muted</source>
      <translation>wedi tewi</translation>
    </message>
    <message>
      <source>hand raised</source>
      <translation>llaw i fyny</translation>
    </message>
    <message>
      <source>Remote participants are not connected in this window.</source>
      <translation>Nid yw cyfranogwyr o bell wedi'u cysylltu yn y ffenestr hon.</translation>
    </message>
    <message>
      <source>The join page is not running.</source>
      <translation>Nid yw'r dudalen ymuno yn rhedeg.</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <source>Cannot open the conference</source>
      <translation>Methu agor y gynhadledd</translation>
    </message>
  </context>
  <context>
    <name>MinuteTakerWindow</name>
    <message>
      <source>Conference Facilitator – minute-taker</source>
      <translation>Hwylusydd Cynadleddau – cofnodwr</translation>
    </message>
    <message>
      <source>Connecting to the chair's computer…</source>
      <translation>Wrthi'n cysylltu â chyfrifiadur y cadeirydd…</translation>
    </message>
    <message>
      <source>Minute-taker – {title}</source>
      <translation>Cofnodwr – {title}</translation>
    </message>
    <message>
      <source>Agenda</source>
      <translation>Agenda</translation>
    </message>
    <message>
      <source>Present</source>
      <translation>Yn bresennol</translation>
    </message>
    <message>
      <source>Transcript</source>
      <translation>Trawsgrifiad</translation>
    </message>
    <message>
      <source>Minutes</source>
      <translation>Cofnodion</translation>
    </message>
    <message>
      <source>saving…</source>
      <translation>wrthi'n cadw…</translation>
    </message>
    <message>
      <source>Not saved: {why}</source>
      <translation>Heb ei gadw: {why}</translation>
    </message>
  </context>
  <context>
    <name>MinutesPanel</name>
    <message>
      <source>Add paragraph</source>
      <translation>Ychwanegu paragraff</translation>
    </message>
    <message>
      <source>Save section</source>
      <translation>Cadw'r adran</translation>
    </message>
    <message>
      <source>saved by {who}</source>
      <translation>wedi'i gadw gan {who}</translation>
    </message>
    <message>
      <source>not written yet</source>
      <translation>heb ei ysgrifennu eto</translation>
    </message>
    <message>
      <source>changed by someone else: saving will show both versions</source>
      <translation>wedi'i newid gan rywun arall: bydd cadw yn dangos y ddau fersiwn</translation>
    </message>
  </context>
  <context>
    <name>NeedsSection</name>
    <message>
      <source>Interpreter (independent: never a family member)</source>
      <translation>Cyfieithydd ar y pryd (annibynnol: byth yn aelod o'r teulu)</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Iaith</translation>
    </message>
    <message>
      <source>For</source>
      <translation>Ar gyfer</translation>
    </message>
    <message>
      <source>Name (a new interpreter)</source>
      <translation>Enw (cyfieithydd newydd)</translation>
    </message>
    <message>
      <source>Interpreting service</source>
      <translation>Gwasanaeth cyfieithu</translation>
    </message>
    <message>
      <source>Book interpreter</source>
      <translation>Trefnu cyfieithydd</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>Pwy</translation>
    </message>
    <message>
      <source>Access, childcare and transport</source>
      <translation>Mynediad, gofal plant a thrafnidiaeth</translation>
    </message>
    <message>
      <source>Interpreter language (if any)</source>
      <translation>Iaith y cyfieithydd (os oes angen)</translation>
    </message>
    <message>
      <source>Access (hearing, sight, mobility…)</source>
      <translation>Mynediad (clyw, golwg, symudedd…)</translation>
    </message>
    <message>
      <source>Childcare</source>
      <translation>Gofal plant</translation>
    </message>
    <message>
      <source>Transport</source>
      <translation>Trafnidiaeth</translation>
    </message>
    <message>
      <source>Needs of</source>
      <translation>Anghenion</translation>
    </message>
    <message>
      <source>Record needs</source>
      <translation>Cofnodi anghenion</translation>
    </message>
    <message>
      <source>Needs</source>
      <translation>Anghenion</translation>
    </message>
    <message>
      <source>English</source>
      <translation>Saesneg</translation>
    </message>
    <message>
      <source>Cymraeg (Welsh)</source>
      <translation>Cymraeg</translation>
    </message>
    <message>
      <source>Record language</source>
      <translation>Cofnodi'r iaith</translation>
    </message>
    <message>
      <source>Speaks</source>
      <translation>Yn siarad</translation>
    </message>
    <message>
      <source>Arranged</source>
      <translation>Wedi'i drefnu</translation>
    </message>
    <message>
      <source>What was arranged</source>
      <translation>Beth a drefnwyd</translation>
    </message>
    <message>
      <source>Record arrangement</source>
      <translation>Cofnodi'r trefniant</translation>
    </message>
    <message>
      <source>Test call before the day (people joining remotely)</source>
      <translation>Galwad brawf cyn y diwrnod (pobl sy'n ymuno o bell)</translation>
    </message>
    <message>
      <source>Record test call</source>
      <translation>Cofnodi'r alwad brawf</translation>
    </message>
  </context>
  <context>
    <name>OutcomesTable</name>
    <message>
      <source>What must change, how everyone will know, and by when. Double-click a date to pick it from the calendar.</source>
      <translation>Beth sy'n rhaid newid, sut y bydd pawb yn gwybod, ac erbyn pryd. Cliciwch ddwywaith ar ddyddiad i'w ddewis o'r calendr.</translation>
    </message>
  </context>
  <context>
    <name>OverrideDialog</name>
    <message>
      <source>Override ring-fenced decision and planning time</source>
      <translation>Diystyru'r amser a neilltuwyd ar gyfer penderfynu a chynllunio</translation>
    </message>
    <message>
      <source>{why}.

Decision and planning time is protected. To go ahead, record why: the reason goes into the record of the conference.</source>
      <translation>{why}.

Mae'r amser ar gyfer penderfynu a chynllunio wedi'i ddiogelu. I fwrw ymlaen, cofnodwch pam: mae'r rheswm yn mynd i gofnod y gynhadledd.</translation>
    </message>
    <message>
      <source>Why the chair is overriding the ring-fenced time</source>
      <translation>Pam mae'r cadeirydd yn diystyru'r amser a neilltuwyd</translation>
    </message>
    <message>
      <source>Reason (required)</source>
      <translation>Rheswm (gofynnol)</translation>
    </message>
  </context>
  <context>
    <name>Overrides</name>
    <message>
      <source>'{stage}' is ring-fenced and has {minutes} planned minutes left: leaving it now cuts it short</source>
      <translation>Mae '{stage}' wedi'i neilltuo ac mae {minutes} munud arfaethedig ar ôl: bydd ei adael nawr yn ei gwtogi</translation>
    </message>
    <message>
      <source>only {left} of the {needed} minutes reserved for decision and planning remain before the planned end</source>
      <translation>dim ond {left} o'r {needed} munud a neilltuwyd ar gyfer penderfynu a chynllunio sydd ar ôl cyn y diwedd arfaethedig</translation>
    </message>
    <message>
      <source>'{stage}' is ring-fenced: skipping it needs an override</source>
      <translation>Mae '{stage}' wedi'i neilltuo: rhaid ei ddiystyru er mwyn ei hepgor</translation>
    </message>
  </context>
  <context>
    <name>OverrunBanner</name>
    <message>
      <source>Extend the meeting…</source>
      <translation>Estyn y cyfarfod…</translation>
    </message>
    <message>
      <source>Move the planned end later: how long and why go into the record</source>
      <translation>Symud y diwedd arfaethedig yn hwyrach: mae pa mor hir a pham yn mynd i'r cofnod</translation>
    </message>
    <message>
      <source>End the meeting</source>
      <translation>Gorffen y cyfarfod</translation>
    </message>
    <message>
      <source>Close the meeting</source>
      <translation>Cau'r cyfarfod</translation>
    </message>
    <message>
      <source>just now</source>
      <translation>eiliadau yn ôl</translation>
    </message>
    <message>
      <source>1 minute ago</source>
      <translation>1 munud yn ôl</translation>
    </message>
    <message>
      <source>{count} minutes ago</source>
      <translation>{count} munud yn ôl</translation>
    </message>
    <message>
      <source>The planned end ({end}) passed {how_long}. Extend the meeting (how long and why go into the record), or end it.</source>
      <translation>Aeth y diwedd arfaethedig ({end}) heibio {how_long}. Estynnwch y cyfarfod (mae pa mor hir a pham yn mynd i'r cofnod), neu gorffennwch ef.</translation>
    </message>
  </context>
  <context>
    <name>ParagraphEditor</name>
    <message>
      <source>Segment numbers this paragraph summarises, e.g. 2, 3</source>
      <translation>Rhifau'r rhannau y mae'r paragraff hwn yn eu crynhoi, e.e. 2, 3</translation>
    </message>
    <message>
      <source>Confidential (never in a family's copy)</source>
      <translation>Cyfrinachol (byth yng nghopi teulu)</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Tynnu</translation>
    </message>
    <message>
      <source>Covers parts:</source>
      <translation>Yn cwmpasu rhannau:</translation>
    </message>
  </context>
  <context>
    <name>ParticipationPanel</name>
    <message>
      <source>Who has spoken</source>
      <translation>Pwy sydd wedi siarad</translation>
    </message>
    <message>
      <source>This stage</source>
      <translation>Y cam hwn</translation>
    </message>
    <message>
      <source>Overall</source>
      <translation>Drwyddi draw</translation>
    </message>
    <message>
      <source>Dismiss (Esc)</source>
      <translation>Diystyru (Esc)</translation>
    </message>
    <message>
      <source>Mark the selected transcript line with a part of child focus</source>
      <translation>Marcio'r llinell drawsgrifiad a ddewiswyd gydag un o rannau canolbwyntio ar y plentyn</translation>
    </message>
    <message>
      <source>Child focus…</source>
      <translation>Canolbwyntio ar y plentyn…</translation>
    </message>
    <message>
      <source>Select one transcript line first</source>
      <translation>Dewiswch un llinell drawsgrifiad yn gyntaf</translation>
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
      <source>Interprets for…</source>
      <translation>Yn cyfieithu i…</translation>
    </message>
    <message>
      <source>Whom the selected interpreter interprets for</source>
      <translation>I bwy y mae'r cyfieithydd a ddewiswyd yn cyfieithu</translation>
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
      <source>Speaks {language}</source>
      <translation>Yn siarad {language}</translation>
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
  <context>
    <name>PreparationPanel</name>
    <message>
      <source>Invitations</source>
      <translation>Gwahoddiadau</translation>
    </message>
    <message>
      <source>Reports</source>
      <translation>Adroddiadau</translation>
    </message>
    <message>
      <source>The child</source>
      <translation>Y plentyn</translation>
    </message>
    <message>
      <source>Needs</source>
      <translation>Anghenion</translation>
    </message>
    <message>
      <source>Requests and observer</source>
      <translation>Ceisiadau ac arsylwr</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>Cyfeiriadau</translation>
    </message>
    <message>
      <source>Ready to start?</source>
      <translation>Yn barod i ddechrau?</translation>
    </message>
    <message>
      <source>Meet the family before the conference:</source>
      <translation>Cwrdd â'r teulu cyn y gynhadledd:</translation>
    </message>
    <message>
      <source>Met before the conference</source>
      <translation>Wedi cwrdd cyn y gynhadledd</translation>
    </message>
    <message>
      <source>Record that the chair met them before the conference</source>
      <translation>Cofnodi bod y cadeirydd wedi cwrdd â nhw cyn y gynhadledd</translation>
    </message>
    <message>
      <source>This conference has no data directory to keep files in.</source>
      <translation>Nid oes gan y gynhadledd hon gyfeiriadur data i gadw ffeiliau ynddo.</translation>
    </message>
    <message>
      <source>Cannot write {path}: {why}</source>
      <translation>Methu ysgrifennu {path}: {why}</translation>
    </message>
    <message>
      <source>Saved {file} for {name}.</source>
      <translation>Wedi cadw {file} ar gyfer {name}.</translation>
    </message>
    <message>
      <source>Missing</source>
      <translation>Ar goll</translation>
    </message>
    <message>
      <source>Check</source>
      <translation>Gwirio</translation>
    </message>
    <message>
      <source>Ready: nothing is missing.</source>
      <translation>Yn barod: does dim ar goll.</translation>
    </message>
    <message>
      <source>{missing} missing, {warnings} to check before the start.</source>
      <translation>{missing} ar goll, {warnings} i'w gwirio cyn dechrau.</translation>
    </message>
    <message>
      <source>The child's letter, drawing or recording</source>
      <translation>Llythyr, llun neu recordiad y plentyn</translation>
    </message>
    <message>
      <source>Save letter</source>
      <translation>Cadw'r llythyr</translation>
    </message>
  </context>
  <context>
    <name>QPlatformTheme</name>
    <message>
      <source>OK</source>
      <translation>Iawn</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Canslo</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Cau</translation>
    </message>
  </context>
  <context>
    <name>RecordExportDialog</name>
    <message>
      <source>What this family member's copy covers: the chair decides, with a reason that is recorded</source>
      <translation>Beth mae copi'r aelod hwn o'r teulu'n ei gwmpasu: y cadeirydd sy'n penderfynu, gyda rheswm sy'n cael ei gofnodi</translation>
    </message>
    <message>
      <source>Parts attended only</source>
      <translation>Y rhannau a fynychwyd yn unig</translation>
    </message>
    <message>
      <source>Whole record…</source>
      <translation>Y cofnod cyfan…</translation>
    </message>
    <message>
      <source>Saved as {name}</source>
      <translation>Wedi'i gadw fel {name}</translation>
    </message>
    <message>
      <source>Not exported: {why}</source>
      <translation>Heb ei allforio: {why}</translation>
    </message>
    <message>
      <source>Record and letters</source>
      <translation>Cofnod a llythyrau</translation>
    </message>
    <message>
      <source>Format:</source>
      <translation>Fformat:</translation>
    </message>
    <message>
      <source>Word (.docx)</source>
      <translation>Word (.docx)</translation>
    </message>
    <message>
      <source>Documents as Word files, to edit before sending</source>
      <translation>Dogfennau fel ffeiliau Word, i'w golygu cyn eu hanfon</translation>
    </message>
    <message>
      <source>Documents as PDF, to send</source>
      <translation>Dogfennau fel PDF, i'w hanfon</translation>
    </message>
    <message>
      <source>(calendar invitations are always .ics)</source>
      <translation>(mae gwahoddiadau calendr bob amser yn .ics)</translation>
    </message>
    <message>
      <source>Folder:</source>
      <translation>Ffolder:</translation>
    </message>
    <message>
      <source>The folder the files go into (made if it is not there)</source>
      <translation>Y ffolder y mae'r ffeiliau'n mynd iddi (caiff ei chreu os nad yw yno)</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>Pori…</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>Allforio</translation>
    </message>
    <message>
      <source>Write the ticked documents into the folder</source>
      <translation>Ysgrifennu'r dogfennau a diciwyd i'r ffolder</translation>
    </message>
    <message>
      <source>Open folder</source>
      <translation>Agor y ffolder</translation>
    </message>
    <message>
      <source>Show the folder the documents were written to</source>
      <translation>Dangos y ffolder yr ysgrifennwyd y dogfennau iddi</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Cau</translation>
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
      <source>{kind} on {day} about {children}. Tick the documents to export; each family copy leaves out what that person was not present for and everything marked confidential.</source>
      <translation>{kind} ar {day} am {children}. Ticiwch y dogfennau i'w hallforio; mae pob copi teulu'n hepgor yr hyn nad oedd yr unigolyn hwnnw'n bresennol ar ei gyfer a phopeth a farciwyd yn gyfrinachol.</translation>
    </message>
    <message>
      <source>The meeting has not ended: the record and the letters are exported as drafts, marked DRAFT, not to be sent.</source>
      <translation>Nid yw'r cyfarfod wedi dod i ben: mae'r cofnod a'r llythyrau'n cael eu hallforio fel drafftiau, wedi'u marcio'n DRAFFT, nid i'w hanfon.</translation>
    </message>
    <message>
      <source>Choose the folder the documents go into.</source>
      <translation>Dewiswch y ffolder y mae'r dogfennau'n mynd iddi.</translation>
    </message>
    <message>
      <source>Tick at least one document to export.</source>
      <translation>Ticiwch o leiaf un ddogfen i'w hallforio.</translation>
    </message>
    <message>
      <source>Nothing was exported: see why beside each document.</source>
      <translation>Ni allforiwyd dim: gweler pam wrth ymyl pob dogfen.</translation>
    </message>
    <message>
      <source>Exporting {count} document(s) to {folder}…</source>
      <translation>Wrthi'n allforio {count} dogfen i {folder}…</translation>
    </message>
    <message>
      <source>Exporting…</source>
      <translation>Wrthi'n allforio…</translation>
    </message>
    <message>
      <source>Done: {files} file(s) in {folder}.</source>
      <translation>Wedi gorffen: {files} ffeil yn {folder}.</translation>
    </message>
    <message>
      <source>Nothing was exported.</source>
      <translation>Ni allforiwyd dim.</translation>
    </message>
    <message>
      <source> {refused} refused: see why beside each.</source>
      <translation> {refused} wedi'u gwrthod: gweler pam wrth ymyl pob un.</translation>
    </message>
  </context>
  <context>
    <name>ReportsSection</name>
    <message>
      <source>A report received</source>
      <translation>Adroddiad a dderbyniwyd</translation>
    </message>
    <message>
      <source>Agency</source>
      <translation>Asiantaeth</translation>
    </message>
    <message>
      <source>Record report</source>
      <translation>Cofnodi'r adroddiad</translation>
    </message>
    <message>
      <source>The selected report</source>
      <translation>Yr adroddiad a ddewiswyd</translation>
    </message>
    <message>
      <source>Shared with the parents</source>
      <translation>Wedi'i rannu â'r rhieni</translation>
    </message>
    <message>
      <source>Shared with the child</source>
      <translation>Wedi'i rannu â'r plentyn</translation>
    </message>
    <message>
      <source>Shared</source>
      <translation>Wedi'i rannu</translation>
    </message>
    <message>
      <source>Why the parents do not see it in advance</source>
      <translation>Pam nad yw'r rhieni'n ei weld ymlaen llaw</translation>
    </message>
    <message>
      <source>Not shared</source>
      <translation>Heb ei rannu</translation>
    </message>
    <message>
      <source>Record comment</source>
      <translation>Cofnodi sylw</translation>
    </message>
    <message>
      <source>Parent's comment</source>
      <translation>Sylw'r rhiant</translation>
    </message>
  </context>
  <context>
    <name>RequestsSection</name>
    <message>
      <source>Exclusion requests (at least 3 working days before; the chair decides)</source>
      <translation>Ceisiadau i eithrio (o leiaf 3 diwrnod gwaith ymlaen llaw; y cadeirydd sy'n penderfynu)</translation>
    </message>
    <message>
      <source>Whom</source>
      <translation>Pwy</translation>
    </message>
    <message>
      <source>Grounds (8.3)</source>
      <translation>Seiliau (8.3)</translation>
    </message>
    <message>
      <source>Requested by</source>
      <translation>Gofynnwyd gan</translation>
    </message>
    <message>
      <source>The information or evidence the request is based on</source>
      <translation>Y wybodaeth neu'r dystiolaeth y mae'r cais yn seiliedig arni</translation>
    </message>
    <message>
      <source>Record request</source>
      <translation>Cofnodi'r cais</translation>
    </message>
    <message>
      <source>Evidence</source>
      <translation>Tystiolaeth</translation>
    </message>
    <message>
      <source>Granted</source>
      <translation>Caniatawyd</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>Gwrthodwyd</translation>
    </message>
    <message>
      <source>Reasons</source>
      <translation>Rhesymau</translation>
    </message>
    <message>
      <source>How their views will still reach the conference</source>
      <translation>Sut y bydd eu barn yn dal i gyrraedd y gynhadledd</translation>
    </message>
    <message>
      <source>Record decision</source>
      <translation>Cofnodi'r penderfyniad</translation>
    </message>
    <message>
      <source>Chair's decision</source>
      <translation>Penderfyniad y cadeirydd</translation>
    </message>
    <message>
      <source>Save letter…</source>
      <translation>Cadw'r llythyr…</translation>
    </message>
    <message>
      <source>Letter sent</source>
      <translation>Anfonwyd y llythyr</translation>
    </message>
    <message>
      <source>Letter to the parent</source>
      <translation>Llythyr at y rhiant</translation>
    </message>
    <message>
      <source>Observer (one at most, with the consent of the chair and the family)</source>
      <translation>Arsylwr (un ar y mwyaf, gyda chaniatâd y cadeirydd a'r teulu)</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Enw</translation>
    </message>
    <message>
      <source>Agency</source>
      <translation>Asiantaeth</translation>
    </message>
    <message>
      <source>Record observer request</source>
      <translation>Cofnodi cais am arsylwr</translation>
    </message>
    <message>
      <source>Request</source>
      <translation>Cais</translation>
    </message>
    <message>
      <source>No observer requested.</source>
      <translation>Ni ofynnwyd am arsylwr.</translation>
    </message>
    <message>
      <source>Chair agrees</source>
      <translation>Y cadeirydd yn cytuno</translation>
    </message>
    <message>
      <source>Chair refuses</source>
      <translation>Y cadeirydd yn gwrthod</translation>
    </message>
    <message>
      <source>Family agrees</source>
      <translation>Y teulu'n cytuno</translation>
    </message>
    <message>
      <source>Family refuses</source>
      <translation>Y teulu'n gwrthod</translation>
    </message>
    <message>
      <source>Add observer</source>
      <translation>Ychwanegu arsylwr</translation>
    </message>
    <message>
      <source>Consent</source>
      <translation>Caniatâd</translation>
    </message>
  </context>
  <context>
    <name>RoomDisplay</name>
    <message>
      <source>Conference: room display</source>
      <translation>Cynhadledd: sgrin yr ystafell</translation>
    </message>
    <message>
      <source>In this meeting:</source>
      <translation>Yn y cyfarfod hwn:</translation>
    </message>
    <message>
      <source>Break</source>
      <translation>Egwyl</translation>
    </message>
    <message>
      <source>The conference has ended</source>
      <translation>Mae'r gynhadledd wedi dod i ben</translation>
    </message>
    <message>
      <source>Starting soon</source>
      <translation>Yn dechrau cyn bo hir</translation>
    </message>
    <message>
      <source>Time left: {minutes}</source>
      <translation>Amser ar ôl: {minutes}</translation>
    </message>
  </context>
  <context>
    <name>SpeakingBars</name>
    <message>
      <source>Nobody has spoken yet</source>
      <translation>Nid oes neb wedi siarad eto</translation>
    </message>
  </context>
  <context>
    <name>SplitDialog</name>
    <message>
      <source>Split the line</source>
      <translation>Hollti'r llinell</translation>
    </message>
    <message>
      <source>Put the cursor where the new line begins, then OK.</source>
      <translation>Rhowch y cyrchwr lle mae'r llinell newydd yn dechrau, yna Iawn.</translation>
    </message>
  </context>
  <context>
    <name>TranscriptModel</name>
    <message>
      <source>Time</source>
      <translation>Amser</translation>
    </message>
    <message>
      <source>Stage</source>
      <translation>Cam</translation>
    </message>
    <message>
      <source>Segment</source>
      <translation>Rhan</translation>
    </message>
    <message>
      <source>Speaker</source>
      <translation>Siaradwr</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>Testun</translation>
    </message>
    <message>
      <source>Marks</source>
      <translation>Marciau</translation>
    </message>
    <message>
      <source>{text}

Edited by {editor}. Recognised: {recognised}</source>
      <translation>{text}

Golygwyd gan {editor}. Adnabuwyd: {recognised}</translation>
    </message>
    <message>
      <source>{text}

Recognised ({source})</source>
      <translation>{text}

Adnabuwyd ({source})</translation>
    </message>
    <message>
      <source>Unknown speaker</source>
      <translation>Siaradwr anhysbys</translation>
    </message>
  </context>
  <context>
    <name>TranscriptPanel</name>
    <message>
      <source>Transcript and draft minutes</source>
      <translation>Trawsgrifiad a chofnodion drafft</translation>
    </message>
    <message>
      <source>Live transcript; double-click the text to correct it</source>
      <translation>Trawsgrifiad byw; cliciwch ddwywaith ar y testun i'w gywiro</translation>
    </message>
    <message>
      <source>decision</source>
      <translation>penderfyniad</translation>
    </message>
    <message>
      <source>action</source>
      <translation>cam gweithredu</translation>
    </message>
    <message>
      <source>child's view</source>
      <translation>barn y plentyn</translation>
    </message>
    <message>
      <source>parent's view</source>
      <translation>barn y rhiant</translation>
    </message>
    <message>
      <source>confidential</source>
      <translation>cyfrinachol</translation>
    </message>
    <message>
      <source>Mark or unmark the selected lines as {mark} ({key})</source>
      <translation>Marcio neu ddad-farcio'r llinellau a ddewiswyd fel {mark} ({key})</translation>
    </message>
    <message>
      <source>Split line…</source>
      <translation>Hollti llinell…</translation>
    </message>
    <message>
      <source>Cut the selected line in two where the cursor is</source>
      <translation>Torri'r llinell a ddewiswyd yn ddwy lle mae'r cyrchwr</translation>
    </message>
    <message>
      <source>Merge lines</source>
      <translation>Uno llinellau</translation>
    </message>
    <message>
      <source>Join the two selected lines of one speaker</source>
      <translation>Uno dwy linell a ddewiswyd gan un siaradwr</translation>
    </message>
    <message>
      <source>Type what was said and press Enter</source>
      <translation>Teipiwch yr hyn a ddywedwyd a phwyso Enter</translation>
    </message>
    <message>
      <source>Type a note of what was said, then Enter</source>
      <translation>Teipiwch nodyn o'r hyn a ddywedwyd, yna Enter</translation>
    </message>
    <message>
      <source>Add note</source>
      <translation>Ychwanegu nodyn</translation>
    </message>
    <message>
      <source>Unknown speaker</source>
      <translation>Siaradwr anhysbys</translation>
    </message>
    <message>
      <source>Select the one line to split.</source>
      <translation>Dewiswch yr un llinell i'w hollti.</translation>
    </message>
    <message>
      <source>Select the two lines to merge (one after the other).</source>
      <translation>Dewiswch y ddwy linell i'w huno (un ar ôl y llall).</translation>
    </message>
  </context>
  <context>
    <name>TranscriptionState</name>
    <message>
      <source>{state}, behind: {seconds} s not transcribed at {time} (marked in the transcript)</source>
      <translation>{state}, ar ei hôl hi: {seconds} eiliad heb ei drawsgrifio am {time} (wedi'i farcio yn y trawsgrifiad)</translation>
    </message>
    <message>
      <source>{state} (no room microphone)</source>
      <translation>{state} (dim meicroffon yn yr ystafell)</translation>
    </message>
    <message>
      <source>on ({engine}, {model})</source>
      <translation>ymlaen ({engine}, {model})</translation>
    </message>
    <message>
      <source>off: {problem}</source>
      <translation>i ffwrdd: {problem}</translation>
    </message>
    <message>
      <source>starting…</source>
      <translation>yn cychwyn…</translation>
    </message>
    <message>
      <source>off (typed notes)</source>
      <translation>i ffwrdd (nodiadau wedi'u teipio)</translation>
    </message>
    <message>
      <source>off</source>
      <translation>i ffwrdd</translation>
    </message>
  </context>
  <context>
    <name>VideoTiles</name>
    <message>
      <source>No remote camera is connected.</source>
      <translation>Nid oes camera o bell wedi'i gysylltu.</translation>
    </message>
  </context>
</TS>
