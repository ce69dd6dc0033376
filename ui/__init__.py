"""The Qt user interface. Only this package imports Qt; it talks to the application through
`facilitator.app.ConferenceSession` and re-emits application events as Qt signals."""
