"""The record of a conference as content, per audience: pure functions of the domain state.

- `build.build_record`: the full record for professionals, or one family member's copy.
- `plan_summary.build_plan_summary`: the plan for the core group.
- `letters`: what the decision letter and the chair's letter to the child say.
- `invitations`: the first core group and review, for calendars.
- `circulation`: due dates, what was sent to whom, and what is overdue.

Rendering to DOCX, PDF and iCalendar is in facilitator/services/export.
"""
