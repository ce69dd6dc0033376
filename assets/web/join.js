// The join page: preview, join by video or audio only, the waiting screen, the meeting.
// Plain JavaScript, no build step. State is exposed on window.facilitator for tests.
"use strict";

const token = decodeURIComponent(location.pathname.split("/").pop());
// where this conference lives: "" on the chair's computer, "/c/<slug>" on a hub server
const base = location.pathname.replace(/\/join\/[^/]*$/, "");
const $ = (id) => document.getElementById(id);
const VIDEO_SLOTS = 4;
const state = { phase: "setup", mode: null, muted: false, hand: false, ws: null, pc: null,
                stream: null, leaving: false, retries: 0, lastState: null, slots: [],
                heard: 0, connection: "new", disconnectedAt: 0, joinSent: false,
                iceServers: [] };
window.facilitator = state;
I18N.listeners.push(() => { if (state.lastMeeting) showMeeting(state.lastMeeting); });
state.restartIce = () => restartIce(state.pc);  // for tests: as when the network changes

function show(section) {
  for (const id of ["setup", "waiting", "out-of-part", "meeting", "finished", "testing"]) {
    $(id).hidden = id !== section;
  }
  // the controls only once joined; out of the meeting only "Leave" means anything
  const inMeeting = section === "meeting";
  $("controls").hidden = !(inMeeting || section === "waiting" || section === "out-of-part");
  for (const id of ["mute", "hand", "captions-toggle"]) $(id).hidden = !inMeeting;
  state.phase = section;
}

function problem(text) {
  $("problem").textContent = text;
  $("problem").hidden = !text;
}

async function listDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  for (const [select, kind] of [[$("mic"), "audioinput"], [$("camera"), "videoinput"]]) {
    select.innerHTML = "";
    for (const d of devices.filter((x) => x.kind === kind)) {
      const option = document.createElement("option");
      option.value = d.deviceId;
      if (d.label) option.textContent = d.label;
      else setText(option, kind === "audioinput" ? "microphone" : "camera");
      select.appendChild(option);
    }
  }
}

async function preview() {
  if (state.stream) state.stream.getTracks().forEach((t) => t.stop());
  try {
    state.stream = await navigator.mediaDevices.getUserMedia({
      audio: $("mic").value ? { deviceId: { exact: $("mic").value } } : true,
      video: $("camera").value ? { deviceId: { exact: $("camera").value } } : true,
    });
  } catch (err) {
    // no camera: audio only still works
    state.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    $("join-video").disabled = true;
  }
  $("preview").srcObject = state.stream;
  meter(state.stream);
}

function meter(stream) {
  const ctx = new AudioContext();
  const analyser = ctx.createAnalyser();
  ctx.createMediaStreamSource(stream).connect(analyser);
  const data = new Uint8Array(analyser.fftSize);
  const draw = () => {
    analyser.getByteTimeDomainData(data);
    let peak = 0;
    for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
    $("level").style.width = Math.min(100, peak) + "%";
    if (state.phase === "setup") requestAnimationFrame(draw);
  };
  draw();
}

function send(message) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(message));
}

const PING_EVERY = 5000;   // ms; the hub answers each ping with a pong
const SILENT_FOR = 12000;  // ms without a word from the hub: the network has gone
const ICE_GRACE = 5000;    // ms a "disconnected" call may take to come back by itself

function connect() {
  const ws = new WebSocket(`wss://${location.host}${base}/ws?token=${encodeURIComponent(token)}`);
  state.ws = ws;
  state.heard = Date.now();
  // one message at a time, in order: a state change waits for the media set-up before it
  let queue = Promise.resolve();
  ws.onmessage = (event) => {
    state.heard = Date.now();
    const message = JSON.parse(event.data);
    // answered at once, not queued: the hub asks when the same link connects again
    if (message.type === "are_you_there") { send({ type: "here" }); return; }
    queue = queue.then(() => handle(message)).catch((err) => problem(String(err)));
  };
  ws.onclose = () => reconnect(ws);
}

// The network dropped (or the call's media failed): come back with the same link; the
// chair's hub puts us where we were. A socket that has gone quiet is not waited for.
function reconnect(ws) {
  if (ws !== state.ws || state.leaving || state.phase === "finished") return;
  ws.onclose = null; ws.onmessage = null;
  try { ws.close(); } catch (err) { /* already closed */ }
  state.ws = null;
  if (state.pc) { state.pc.close(); state.pc = null; }
  state.connection = "new"; state.lastState = null;  // until the hub says where we are
  state.restartedAt = 0;
  state.joinSent = false;
  state.retries += 1;
  problem(tr("reconnecting"));
  setTimeout(connect, Math.min(5000, 500 * state.retries));
}

setInterval(() => {
  const ws = state.ws;
  if (!ws || ws.readyState !== WebSocket.OPEN) return;
  if (Date.now() - state.heard > SILENT_FOR) { reconnect(ws); return; }
  send({ type: "ping" });
  const pc = state.pc;
  if (pc && (pc.connectionState === "failed" ||
             (pc.connectionState === "disconnected" &&
              Date.now() - state.disconnectedAt > ICE_GRACE) ||
             (state.restartedAt && Date.now() - state.restartedAt > ICE_GRACE))) {
    reconnect(ws);
  }
}, PING_EVERY);

async function handle(message) {
  if (message.type === "hello") {
    state.iceServers = message.ice_servers || [];  // TURN: this connection's own credential
    setText($("hello"), "hello", { name: message.name });
    useInviteeLanguage(message.language);  // the invitee's recorded language, unless they chose
    if (state.mode && !state.joinSent) {
      state.joinSent = true;
      send({ type: "join", mode: state.mode });
    }
  } else if (message.type === "error") {
    problem(message.message);
    if (message.fatal) { state.leaving = true; show("finished");
      setText($("finished-title"), "cannot_join");
      delete $("finished-text").dataset.i18n;  // the hub's own words: not re-rendered
      $("finished-text").textContent = message.message; }
  } else if (message.type === "state") {
    state.lastState = message.state;
    state.retries = 0;
    problem("");
    if (message.state !== "in_meeting") {
      clearCaptions();  // nothing stays on screen
      state.lastMeeting = null;  // nor comes back when the page changes language
    }
    // out of a part of the meeting: told so at once, and that the chair brings them back;
    // the hub sends nothing of that part
    if (message.state === "waiting") show(message.out_of_part ? "out-of-part" : "waiting");
    if (!state.pc && (message.state === "waiting" || message.state === "in_meeting")) {
      await startMedia();
    }
    if (message.state === "waiting") { /* shown above */ }
    else if (message.state === "in_meeting") { showMeeting(message); show("meeting"); }
    else finish(message.state === "ended" ? "conference_ended" : "left_meeting");
  } else if (message.type === "answer") {
    await state.pc.setRemoteDescription({ type: "answer", sdp: message.sdp });
  } else if (message.type === "ice_servers") {  // renewed TURN credentials, for a restart
    state.iceServers = message.ice_servers;
    const pc = state.pc;
    if (pc) pc.setConfiguration({ ...pc.getConfiguration(), iceServers: state.iceServers });
  } else if (message.type === "test_ready") {
    await startTestCall();
  } else if (message.type === "test_recorded") {
    $("test-sent").hidden = false;
    $("send-test").disabled = true;
  } else if (message.type === "caption") {
    showCaption(message);
  } else if (message.type === "unmute_request") {
    $("unmute-request").hidden = !state.muted;
  }
}

const MAX_CAPTIONS = 4;
function showCaption(message) {
  if (!message.final) {
    $("speaking").textContent = message.speaking ? `${message.speaker}: ${message.text || "…"}` : "";
    return;
  }
  const shown = message.id ? [...$("captions").children].find((li) => li.dataset.id === message.id) : null;
  if (shown) {  // a better text for a line already shown: replaced where it is
    shown.textContent = `${message.speaker}: ${message.text}`;
    return;
  }
  if (message.revised) return;  // a revision of a line no longer on screen
  $("speaking").textContent = "";
  const item = document.createElement("li");
  if (message.id) item.dataset.id = message.id;
  item.textContent = `${message.speaker}: ${message.text}`;
  $("captions").appendChild(item);
  $("no-captions").hidden = true;
  while ($("captions").children.length > MAX_CAPTIONS) $("captions").firstChild.remove();
}

function clearCaptions() {
  $("captions").innerHTML = "";
  $("speaking").textContent = "";
  $("no-captions").hidden = false;
}

function showMeeting(message) {
  state.lastMeeting = message;  // shown again in the other language when the reader switches
  if (message.stage) setText($("stage"), "now_stage", { stage: term(message.stage) });
  else setText($("stage"), "in_the_meeting");
  $("transcribed").hidden = !message.transcribed;
  $("room-muted").hidden = !message.room_muted;
  const roster = $("roster");
  roster.innerHTML = "";
  for (const person of message.roster) {
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = person.name;
    const role = document.createElement("span");
    role.className = "role";
    role.textContent = `${term(person.role)}, ${term(person.where)}`;
    item.append(name, role);
    roster.appendChild(item);
  }
  setText($("roster-title"), "who_is_in_count", { count: message.roster.length });
  (message.slots || []).forEach((name, i) => {
    const tile = state.slots[i];
    if (tile) { tile.hidden = !name; tile.setAttribute("aria-label", name || "empty"); }
  });
}

async function startMedia() {
  const pc = new RTCPeerConnection({ bundlePolicy: "max-bundle", iceServers: state.iceServers });
  state.pc = pc;
  const audio = state.stream.getAudioTracks()[0];
  audio.enabled = !state.muted;
  pc.addTransceiver(audio, { direction: "sendrecv", streams: [state.stream] });
  const video = state.mode === "video" ? state.stream.getVideoTracks()[0] : null;
  if (video) pc.addTransceiver(video, { direction: "sendonly", streams: [state.stream] });
  else state.stream.getVideoTracks().forEach((t) => t.stop());
  const slots = state.mode === "video" ? VIDEO_SLOTS : 0;
  for (let i = 0; i < slots; i++) pc.addTransceiver("video", { direction: "recvonly" });
  state.slots = [];
  $("tiles").innerHTML = "";
  pc.ontrack = (event) => {
    if (event.track.kind === "audio") {
      $("sound").srcObject = new MediaStream([event.track]);
    } else {
      const tile = document.createElement("video");
      tile.autoplay = true; tile.playsInline = true; tile.muted = true; tile.hidden = true;
      tile.srcObject = new MediaStream([event.track]);
      $("tiles").appendChild(tile);
      state.slots.push(tile);
    }
  };
  pc.onconnectionstatechange = () => {
    if (pc.connectionState === "disconnected" && state.connection !== "disconnected") {
      state.disconnectedAt = Date.now();
    }
    state.connection = pc.connectionState;
  };
  pc.restartable = true;  // the meeting's call (not a test call): the hub answers restarts
  pc.oniceconnectionstatechange = () => {
    if (["disconnected", "failed"].includes(pc.iceConnectionState)) restartIce(pc);
  };
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc, 3000);
  send({ type: "offer", sdp: pc.localDescription.sdp });
}

function gathered(pc, ms) {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.onicegatheringstatechange = () => pc.iceGatheringState === "complete" && resolve();
    setTimeout(resolve, ms);
  });
}

// The phone changed network, or its NAT forgot the call's mapping: new ICE credentials and
// candidates on the same call (the hub answers the new offer), not a new call. Sent at once:
// the hub learns the new candidates from their checks. If that has not connected within
// ICE_GRACE the page reconnects (the ping loop below).
async function restartIce(pc) {
  if (pc !== state.pc || !pc.restartable || state.restartedAt || !state.ws ||
      state.ws.readyState !== WebSocket.OPEN) return;
  state.restartedAt = Date.now();
  state.iceRestarts = (state.iceRestarts || 0) + 1;
  pc.restartIce();
  await pc.setLocalDescription(await pc.createOffer());
  if (pc === state.pc) send({ type: "offer", sdp: pc.localDescription.sdp });
}

// The hub sends every 20 ms while the call is up (silence too): nothing for STALLED ms means
// its path has gone (the browser says "disconnected" only after 5 s or more), so restart ICE
// then; a restart is over when packets arrive again.
const STALLED = 1000;
setInterval(async () => {
  const pc = state.pc;
  if (!pc || !pc.restartable || pc.connectionState === "closed") return;
  let received = 0;
  (await pc.getStats()).forEach((r) => {
    if (r.type === "transport") received += r.packetsReceived || 0;
  });
  if (pc.received === undefined || received > pc.received) {
    if (pc.received !== undefined) state.restartedAt = 0;
    pc.received = received;
    pc.receivedAt = Date.now();
  } else if (received > 0 && Date.now() - pc.receivedAt > STALLED) {
    restartIce(pc);
  }
}, 250);

// ---- a test call before the day: our own voice comes back through the hub ----------------
const test = { camera: "not_tested", microphone: "not_tested", connection: "not_tested" };
window.facilitator.test = test;

async function startTestCall() {
  const pc = new RTCPeerConnection({ bundlePolicy: "max-bundle", iceServers: state.iceServers });
  state.pc = pc;
  pc.addTransceiver(state.stream.getAudioTracks()[0], { direction: "sendrecv" });
  const video = state.stream.getVideoTracks()[0];
  if (video) pc.addTransceiver(video, { direction: "sendonly" });
  test.camera = video && video.readyState === "live" ? "works" : "not_needed";
  setText($("check-camera"), video ? "camera_working" : "none");
  pc.ontrack = (event) => { if (event.track.kind === "audio") {
    $("sound").srcObject = new MediaStream([event.track]); } };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.onicegatheringstatechange = () => pc.iceGatheringState === "complete" && resolve();
    setTimeout(resolve, 3000);
  });
  send({ type: "offer", sdp: pc.localDescription.sdp });
  const started = Date.now();
  const poll = setInterval(async () => {
    let sent = 0, back = 0;
    (await pc.getStats()).forEach((r) => {
      if (r.type === "media-source" && r.kind === "audio") sent = r.totalAudioEnergy || 0;
      if (r.type === "inbound-rtp" && r.kind === "audio") back = r.totalAudioEnergy || 0;
    });
    if (sent > 0.001) { test.microphone = "works"; setText($("check-microphone"), "working"); }
    if (pc.connectionState === "connected" && back > 0.0005) {
      test.connection = "works"; setText($("check-connection"), "working");
    }
    const done = test.microphone === "works" && test.connection === "works";
    if (done || Date.now() - started > 15000) {
      clearInterval(poll);
      if (test.microphone !== "works") { test.microphone = "problem";
        setText($("check-microphone"), "nothing_heard"); }
      if (test.connection !== "works") { test.connection = "problem";
        setText($("check-connection"), "no_sound_back"); }
      $("send-test").disabled = false;
    }
  }, 500);
}

function finish(titleKey) {
  state.leaving = true;
  if (state.pc) state.pc.close();
  if (state.stream) state.stream.getTracks().forEach((t) => t.stop());
  setText($("finished-title"), titleKey);
  show("finished");
}

// The way this tab joined, kept for a reload (sessionStorage: this tab only, gone when closed).
const JOINED_KEY = `facilitator-joined-${token.slice(0, 12)}`;

async function join(mode) {
  await state.ready;  // the camera and microphone first: media starts with the meeting
  state.mode = mode;
  try { sessionStorage.setItem(JOINED_KEY, mode); } catch (err) { /* private mode */ }
  show("waiting");
  if (state.ws && state.ws.readyState === WebSocket.OPEN && !state.joinSent) {
    state.joinSent = true;
    send({ type: "join", mode });
  }  // otherwise the hub's "hello" on the new connection sends it
}

// Reloading the page (or the phone reopening it) goes straight back: the hub puts us where we
// were, the waiting screen while we are out of the meeting.
function rejoinAfterReload() {
  let mode = null;
  try { mode = sessionStorage.getItem(JOINED_KEY); } catch (err) { /* private mode */ }
  if (mode === "video" || mode === "phone") join(mode);
}

// Leaving or reloading: say so at once, so the hub does not wait to hear from this page.
window.addEventListener("pagehide", () => {
  const ws = state.ws;
  state.leaving = true;
  if (ws) { ws.onclose = null; try { ws.close(1001, "page closed"); } catch (err) { /* gone */ } }
});

function setMuted(muted) {
  state.muted = muted;
  state.stream.getAudioTracks().forEach((t) => { t.enabled = !muted; });
  setText($("mute"), muted ? "unmute" : "mute");
  $("mute").setAttribute("aria-pressed", String(muted));
  $("unmute-request").hidden = true;
  send({ type: "mute", on: muted });
}

$("test-call").onclick = async () => {
  show("testing");
  await state.ready;  // the camera and microphone first
  send({ type: "test" });
};
$("send-test").onclick = () => send({ type: "test_result", ...test });
$("end-test").onclick = () => finish("close_page");
$("join-video").onclick = () => join("video");
$("join-audio").onclick = () => join("phone");
$("mute").onclick = () => setMuted(!state.muted);
$("unmute-now").onclick = () => setMuted(false);
$("hand").onclick = () => {
  state.hand = !state.hand;
  setText($("hand"), state.hand ? "lower_hand" : "raise_hand");
  $("hand").setAttribute("aria-pressed", String(state.hand));
  send({ type: "hand", on: state.hand });
};
$("captions-toggle").onclick = () => {
  const on = $("captions-toggle").getAttribute("aria-pressed") !== "true";
  $("captions-toggle").setAttribute("aria-pressed", String(on));
  setText($("captions-toggle"), on ? "captions_on" : "captions_off");
  $("captions-box").hidden = !on;
  if (!on) clearCaptions();
  send({ type: "captions", on });
};
$("leave").onclick = () => {
  send({ type: "leave" });
  try { sessionStorage.removeItem(JOINED_KEY); } catch (err) { /* private mode */ }
  finish("left_meeting");
};
$("mic").onchange = preview;
$("camera").onchange = preview;

state.ready = (async () => {
  connect();
  try {
    await preview();
    await listDevices();
  } catch (err) {
    problem(tr("microphone_refused"));
  }
})();
rejoinAfterReload();
