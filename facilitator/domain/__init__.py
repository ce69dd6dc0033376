"""Pure domain model of a child protection conference: no Qt, no I/O, the clock injected."""
