"""Open the configured engine, or say in one line why transcription is off.

    engine, problem = try_open_engine(AsrSettings.from_env())
    if engine is None:
        window.transcription_state = f"off: {problem}"   # the meeting carries on

Loading verifies every model file against models/manifest.toml first (sha256), so a corrupt
download is never half-loaded into CTranslate2 or Kaldi.
"""

from __future__ import annotations

import logging

from .engine import Engine
from .models import ModelError, load_manifest, models_dir, resolve_model
from .settings import AsrSettings
from .vad import vad_model_path

log = logging.getLogger(__name__)


def open_engine(settings: AsrSettings | None = None) -> Engine:
    """The engine with its model loaded; ModelError (one clear line) if it cannot be."""
    settings = settings or AsrSettings.from_env()
    manifest = load_manifest(settings.manifest)
    directory = models_dir(settings.models_dir)
    name = settings.model
    if name is None:
        spec = manifest.first_for(settings.manifest_engine)
        if spec is None:
            raise ModelError(f"the manifest lists no model for {settings.manifest_engine}: "
                             "name one in settings or FACILITATOR_ASR_MODEL")
        name = spec.name
    model = resolve_model(name, settings.manifest_engine, directory, manifest)
    if not model.verified:
        log.warning("speech model %s is not in %s: loading it without checking its files",
                    model.directory, manifest.path.name)
    vad = vad_model_path(manifest)
    if settings.engine == "whisper":
        from .whisper import WhisperEngine
        return WhisperEngine(model.directory, model.name, vad, settings)
    from .vosk_engine import VoskEngine
    return VoskEngine(model.directory, model.name, vad, settings)


def try_open_engine(settings: AsrSettings | None = None) -> tuple[Engine | None, str]:
    """(engine, "") or (None, why): for callers that must carry on without transcription."""
    try:
        return open_engine(settings), ""
    except ModelError as problem:
        log.warning("transcription is off: %s", problem)
        return None, str(problem)
    except ValueError as problem:  # a bad FACILITATOR_ASR_ENGINE
        log.warning("transcription is off: %s", problem)
        return None, str(problem)


def state_text(engine: Engine | None, problem: str = "") -> str:
    """What the chair's window shows as the transcription state."""
    if engine is None:
        return f"off: {problem}" if problem else "off"
    return f"on ({engine.name}, {engine.model_name})"
