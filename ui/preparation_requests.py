"""Sections of the "Before the meeting" tab: invitations and replies, exclusion requests made
in advance (with the chair's decision and letter), and the one observer."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.attendees import AttendanceState
from facilitator.domain.conference import Conference
from facilitator.domain.minutes import Channel
from facilitator.domain.preparation import ConsentParty
from facilitator.domain.roles import Party
from facilitator.domain.segments import ADVANCE_GROUNDS

from .language import term
from .preparation_widgets import (
    Panel,
    button,
    checked,
    checked_list,
    date_edit,
    fill,
    fill_checked,
    people,
    pydate,
    selected_key,
    set_rows,
    table,
)
from .widgets import named

FORMATS = (("Word (DOCX)", "docx"), ("PDF", "pdf"), ("Email text", "txt"))


def _formats(name: str) -> QComboBox:
    combo = named(QComboBox(), name)
    for label, value in FORMATS:
        combo.addItem(label, value)
    return combo


def _channels(name: str) -> QComboBox:
    combo = named(QComboBox(), name)
    for channel in Channel:
        combo.addItem(channel.value, channel)
    return combo


class InvitationsSection(QWidget):
    """Each invitee: their invitation (with their own join details), and their reply."""

    def __init__(self, panel: Panel) -> None:
        super().__init__()
        self.panel = panel
        layout = QVBoxLayout(self)
        self.table = table(["Name", "Role", "Joins", "Invitation"], "Invitations")
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        row = QHBoxLayout()
        self.format = _formats("Invitation format")
        row.addWidget(self.format)
        row.addWidget(button(self.tr("Save invitation…"), self.save,
                             "The selected person's invitation, with their join details"))
        self.channel = _channels("Invitation sent by")
        self.sent_on = date_edit(panel.today(), "Invitation sent on")
        row.addWidget(self.channel)
        row.addWidget(self.sent_on)
        row.addWidget(button(self.tr("Invitation sent"), self.sent))
        form.addRow(self.tr("Invitation"), row)
        row = QHBoxLayout()
        for text, state in (("Confirmed", AttendanceState.CONFIRMED),
                            ("Apologies", AttendanceState.APOLOGIES),
                            ("Apologies, report sent", AttendanceState.APOLOGIES_WITH_REPORT)):
            row.addWidget(button(text, partial(self.reply, state),
                                 f"Record the selected person's reply: {text.lower()}"))
        self.substitute = named(QLineEdit(), "Substitute name")
        self.substitute.setPlaceholderText(self.tr("Substitute from the same agency"))
        row.addWidget(self.substitute, 1)
        row.addWidget(button(self.tr("Name substitute"), self.name_substitute))
        form.addRow(self.tr("Reply"), row)
        layout.addLayout(form)

    def person(self) -> str | None:
        key = selected_key(self.table)
        if key is None:
            self.panel.problem("Select a person in the invitations list first.")
        return key

    def save(self) -> None:
        if (who := self.person()) is not None:
            self.panel.save_letter("invitation", who, str(self.format.currentData()))

    def sent(self) -> None:
        if (who := self.person()) is not None:
            self.panel.run(self.panel.api.send_invitation, who, pydate(self.sent_on),
                           self.channel.currentData())

    def reply(self, state: AttendanceState) -> None:
        if (who := self.person()) is not None:
            self.panel.run(self.panel.api.record_reply, who, state)

    def name_substitute(self) -> None:
        if (who := self.person()) is not None and self.panel.run(
                self.panel.api.name_substitute, who, self.substitute.text()) is not None:
            self.substitute.clear()

    def refresh(self, conf: Conference) -> None:
        rows, ids = [], []
        for person in conf.attendees.values():
            if person.role.party is Party.CHAIR:
                continue
            status = conf.preparation.invitation_status(person).value
            letter = conf.preparation.invitation(person.id)
            if letter is not None:
                status += f" (sent {letter.sent_on:%d %b}, {letter.channel.value})"
            substitute = conf.preparation.substitutes.get(person.id)
            if substitute is not None:
                status += f": {conf.attendees[substitute].name}"
            role = term(person.role.label) + (f", {person.agency}" if person.agency else "")
            rows.append([person.name, role, term(person.mode.value), status])
            ids.append(person.id)
        set_rows(self.table, rows, ids)


class RequestsSection(QWidget):
    """Exclusion requests made in advance (procedure 8.3) and the observer (8.1)."""

    def __init__(self, panel: Panel) -> None:
        super().__init__()
        self.panel = panel
        layout = QVBoxLayout(self)
        layout.addWidget(self._exclusion_box(), 2)
        layout.addWidget(self._observer_box())

    def _exclusion_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Exclusion requests (at least 3 working days before; the chair "
                                "decides)"))
        form = QFormLayout(box)
        self.excluded = checked_list("Family members to exclude", [])
        self.excluded.setMaximumHeight(64)
        form.addRow(self.tr("Whom"), self.excluded)
        self.grounds = checked_list("Exclusion grounds", [
            (g.value, g) for g in sorted(ADVANCE_GROUNDS, key=lambda g: g.name)])
        self.grounds.setMinimumHeight(120)
        self.grounds.setMaximumHeight(190)
        form.addRow(self.tr("Grounds (8.3)"), self.grounds)
        row = QHBoxLayout()
        self.requested_by = named(QComboBox(), "Exclusion requested by")
        self.extent = named(QLineEdit("the whole conference"), "Exclusion extent")
        self.requested_on = date_edit(self.panel.today(), "Exclusion requested on")
        row.addWidget(self.requested_by, 1)
        row.addWidget(self.extent, 1)
        row.addWidget(self.requested_on)
        form.addRow(self.tr("Requested by"), row)
        row = QHBoxLayout()
        self.evidence = named(QPlainTextEdit(), "Exclusion evidence")
        self.evidence.setPlaceholderText(
            self.tr("The information or evidence the request is based on"))
        self.evidence.setMaximumHeight(54)
        row.addWidget(self.evidence, 1)
        row.addWidget(button(self.tr("Record request"), self.request))
        form.addRow(self.tr("Evidence"), row)
        self.requests = table(["Who", "Requested", "Grounds", "Decision", "Letter"],
                              "Exclusion requests")
        form.addRow(self.requests)
        row = QHBoxLayout()
        self.granted = named(QComboBox(), "Exclusion decision")
        self.granted.addItem(self.tr("Granted"), True)
        self.granted.addItem(self.tr("Refused"), False)
        self.decision_reasons = named(QLineEdit(), "Decision reasons")
        self.decision_reasons.setPlaceholderText(self.tr("Reasons"))
        self.views = named(QLineEdit(), "How their views are considered")
        self.views.setPlaceholderText(self.tr("How their views will still reach the conference"))
        row.addWidget(self.granted)
        row.addWidget(self.decision_reasons, 1)
        row.addWidget(self.views, 1)
        row.addWidget(button(self.tr("Record decision"), self.decide))
        form.addRow(self.tr("Chair's decision"), row)
        row = QHBoxLayout()
        self.letter_for = named(QComboBox(), "Letter for")
        self.letter_format = _formats("Letter format")
        self.letter_channel = _channels("Letter sent by")
        row.addWidget(self.letter_for, 1)
        row.addWidget(self.letter_format)
        row.addWidget(button(self.tr("Save letter…"), self.save_letter,
                             "The chair's letter to the parent about the decision"))
        row.addWidget(self.letter_channel)
        row.addWidget(button(self.tr("Letter sent"), self.letter_sent))
        form.addRow(self.tr("Letter to the parent"), row)
        return box

    def _observer_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Observer (one at most, with the consent of the chair and the "
                                "family)"))
        form = QFormLayout(box)
        row = QHBoxLayout()
        self.observer_name = named(QLineEdit(), "Observer name")
        self.observer_name.setPlaceholderText(self.tr("Name"))
        self.observer_agency = named(QLineEdit(), "Observer agency")
        self.observer_agency.setPlaceholderText(self.tr("Agency"))
        self.observer_by = named(QComboBox(), "Observer requested by")
        for widget in (self.observer_name, self.observer_agency, self.observer_by):
            row.addWidget(widget, 1)
        row.addWidget(button(self.tr("Record observer request"), self.request_observer))
        form.addRow(self.tr("Request"), row)
        self.observer_status = named(QLabel(self.tr("No observer requested.")), "Observer status")
        form.addRow(self.observer_status)
        row = QHBoxLayout()
        row.addWidget(button(self.tr("Chair agrees"),
                             lambda: self.consent(ConsentParty.CHAIR, True)))
        row.addWidget(button(self.tr("Chair refuses"),
                             lambda: self.consent(ConsentParty.CHAIR, False)))
        self.family_member = named(QComboBox(), "Family member answering")
        row.addWidget(self.family_member, 1)
        row.addWidget(button(self.tr("Family agrees"),
                             lambda: self.consent(ConsentParty.FAMILY, True)))
        row.addWidget(button(self.tr("Family refuses"),
                             lambda: self.consent(ConsentParty.FAMILY, False)))
        row.addWidget(button(self.tr("Add observer"), self.add_observer))
        form.addRow(self.tr("Consent"), row)
        return box

    # ---- exclusion requests ---------------------------------------------------------------
    def request(self) -> None:
        if self.panel.run(self.panel.api.request_exclusion, checked(self.excluded),
                          checked(self.grounds), self.requested_by.currentData(),
                          self.evidence.toPlainText(), pydate(self.requested_on),
                          self.extent.text()) is not None:
            self.evidence.clear()
            fill_checked(self.excluded, self._family(), keep=False)
            fill_checked(self.grounds, [(g.value, g) for g in sorted(
                ADVANCE_GROUNDS, key=lambda g: g.name)], keep=False)

    def request_id(self) -> str | None:
        key = selected_key(self.requests)
        if key is None:
            self.panel.problem("Select an exclusion request first.")
        return key

    def decide(self) -> None:
        if (request := self.request_id()) is not None:
            self.panel.run(self.panel.api.decide_exclusion, request, self.granted.currentData(),
                           self.decision_reasons.text(), self.views.text(), self.panel.today())

    def save_letter(self) -> None:
        if (request := self.request_id()) is not None:
            self.panel.save_letter("exclusion-letter", str(self.letter_for.currentData()),
                                   str(self.letter_format.currentData()), request)

    def letter_sent(self) -> None:
        if (request := self.request_id()) is not None:
            self.panel.run(self.panel.api.record_exclusion_letter_sent, request,
                           self.letter_for.currentData(), self.panel.today(),
                           self.letter_channel.currentData())

    # ---- the observer ---------------------------------------------------------------------
    def _open_request(self) -> str | None:
        open_requests = self.panel.conference.preparation.open_observer_requests()
        if not open_requests:
            self.panel.problem("Record the observer request first.")
            return None
        return open_requests[-1].id

    def request_observer(self) -> None:
        if self.panel.run(self.panel.api.request_observer, self.observer_name.text(),
                          self.observer_agency.text(), self.observer_by.currentData(),
                          self.panel.today()) is not None:
            self.observer_name.clear()
            self.observer_agency.clear()

    def consent(self, party: ConsentParty, given: bool) -> None:
        if (request := self._open_request()) is not None:
            who = str(self.family_member.currentData() or "") if (
                party is ConsentParty.FAMILY) else ""
            self.panel.run(self.panel.api.record_observer_consent, request, party, given,
                           self.panel.today(), who)

    def add_observer(self) -> None:
        if (request := self._open_request()) is not None:
            self.panel.run(self.panel.api.add_observer, request)

    # ---- showing --------------------------------------------------------------------------
    def _family(self) -> list[tuple[str, object]]:
        return people(self.panel.conference, Party.FAMILY)

    def refresh(self, conf: Conference) -> None:
        prep_state = conf.preparation
        fill_checked(self.excluded, self._family())
        fill(self.requested_by, people(conf, Party.PROFESSIONAL, Party.CHAIR, Party.CHILD))
        fill(self.observer_by, people(conf, Party.PROFESSIONAL, Party.CHAIR))
        fill(self.family_member, people(conf, Party.FAMILY))
        rows, ids, parents = [], [], []
        for request in prep_state.exclusion_requests.values():
            names = ", ".join(conf.attendees[a].name for a in sorted(request.attendee_ids))
            decision = prep_state.exclusion_decisions.get(request.id)
            verdict = "pending" if decision is None else (
                f"{'granted' if decision.granted else 'refused'}: {decision.reasons}")
            letters = [conf.attendees[a].name for a in sorted(request.attendee_ids)
                       if prep_state.decision_letter_sent(request.id, a)]
            rows.append([names, f"{request.requested_on:%d %b}: {request.extent}",
                         "; ".join(g.value for g in request.grounds), verdict,
                         ", ".join(letters) or "not sent"])
            ids.append(request.id)
            parents += [(conf.attendees[a].name, a) for a in sorted(request.attendee_ids)]
        set_rows(self.requests, rows, ids)
        fill(self.letter_for, list(dict.fromkeys(parents)))
        self.observer_status.setText(self._observer_text(conf))

    def _observer_text(self, conf: Conference) -> str:
        prep_state = conf.preparation
        observer = next((a for a in conf.attendees.values()
                         if a.role.party is Party.OBSERVER), None)
        if observer is not None:
            return f"{observer.name} ({observer.agency}) will observe, with both consents."
        open_requests = prep_state.open_observer_requests()
        if not open_requests:
            refused = len(prep_state.observer_requests)
            return "No observer requested." if not refused else (
                "The observer request was refused: no observer will attend.")
        request = open_requests[-1]
        answers = []
        for party in ConsentParty:
            answer = prep_state.observer_consents.get((request.id, party))
            answers.append(f"{party.value}: " + ("agreed" if answer and answer.given
                                                  else "not asked yet"))
        return f"{request.name} ({request.agency}) requested. " + "; ".join(answers) + "."
