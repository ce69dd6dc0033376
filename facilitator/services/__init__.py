"""Adapters around real libraries: storage, files, media, speech, export."""
