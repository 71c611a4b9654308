"""The ``Kiosk`` QML module: the player's QML files and the Python objects they reach.

The QML files live in ``kiosk/qt/qml/Kiosk`` with a ``qmldir`` naming each type. The Python
objects are registered in the same module as singletons, one instance per engine (each
``kiosk run`` makes one engine; the text-fit check makes one per screen size):

======== ============================================ ==========================================
QML name Python class                                 what QML reads and calls
======== ============================================ ==========================================
Player   :class:`kiosk.qt.backend.Backend`            the view shown, the visitor's choices
Hours    :class:`kiosk.qt.hours.Opening`              whether the venue is closed; wake()
Staff    :class:`kiosk.qt.staff.StaffBackend`         the PIN pad and staff menu (full-screen and
                                                      windowed runs only; see ``Setup.staffEnabled``)
Setup    :class:`Setup`                               the body font, the screen rotation
======== ============================================ ==========================================

``Theme`` (``Theme.qml``) is a QML singleton built on them: sizes, colours and words.

``qmllint`` learns the Python types from ``kiosk.qmltypes`` beside the ``qmldir``, written by
:func:`write_qmltypes` from the classes' own meta-objects through Qt's ``qmltyperegistrar``
(``python -m kiosk.qt.qmlmodule`` rewrites it; a test checks it is current).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Property, QMetaMethod, QMetaObject, QObject
from PySide6.QtQml import (
    QJSEngine,
    QQmlApplicationEngine,
    QQmlEngine,
    qmlRegisterSingletonType,
)

from kiosk.qt.backend import Backend
from kiosk.qt.hours import Opening
from kiosk.qt.staff import StaffBackend

#: The module's name in QML (``import Kiosk``) and its version.
URI, MAJOR, MINOR = "Kiosk", 1, 0
#: The folder to add to the engine's import path: it holds the module's folder, ``Kiosk``.
IMPORT_PATH = Path(__file__).parent / "qml"
#: The module's folder (``qmldir``, ``Main.qml``, ``parts/``, ``slides/``).
MODULE_DIR = IMPORT_PATH / URI
#: The type information ``qmllint`` reads for the Python singletons (named in ``qmldir``).
QMLTYPES = MODULE_DIR / "kiosk.qmltypes"


class Setup(QObject):
    """How this player was set up, fixed for its run: the body font, the screen's rotation,
    whether staff access is on and how much a preview window is scaled down.

    Args:
        font: the body font family (:func:`kiosk.qt.startup.load_fonts`).
        rotation: degrees the picture is turned clockwise (0, 90, 180 or 270).
        staff_enabled: True when a ``Staff`` singleton is there (not headless, not rendering).
        preview_scale: above 0 and at most 1: the picture is laid out for the window's size
            divided by this and drawn this much smaller (a ``--windowed --size`` preview larger
            than the screen); 1 draws it as laid out.
        parent: the Qt parent, usually the engine.
    """

    def __init__(self, font: str = "", rotation: int = 0, staff_enabled: bool = False,
                 preview_scale: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._font, self._rotation, self._staff = font, rotation, staff_enabled
        self._preview_scale = min(1.0, preview_scale) if preview_scale > 0 else 1.0

    def _get_font(self) -> str:
        return self._font

    font = Property(str, _get_font, constant=True)

    def _get_rotation(self) -> int:
        return self._rotation

    rotation = Property(int, _get_rotation, constant=True)

    def _get_staff_enabled(self) -> bool:
        return self._staff

    staffEnabled = Property(bool, _get_staff_enabled, constant=True)

    def _get_preview_scale(self) -> float:
        return self._preview_scale

    previewScale = Property(float, _get_preview_scale, constant=True)


#: Each Python singleton's QML name and class.
SINGLETONS: dict[str, type[QObject]] = {"Player": Backend, "Hours": Opening, "Staff": StaffBackend, "Setup": Setup}

#: Name of the engine property that holds each singleton's instance (see :func:`make_engine`).
_PROPERTY = "kioskSingleton{}"
_registered: list[bool] = []


def register() -> None:
    """Register the Python singletons in the ``Kiosk`` module (once per process; later calls do nothing).

    Each engine gets the instances given to :func:`make_engine`.
    """
    if _registered:
        return
    for name, cls in SINGLETONS.items():
        qmlRegisterSingletonType(cls, URI, MAJOR, MINOR, name, _creator(name))
    _registered.append(True)


def _creator(name: str):
    """The function the engine calls, once per engine, for its singleton ``name`` (one argument:
    PySide6 checks the callback's signature)."""
    def create(engine: QQmlEngine) -> QObject:
        return _instance(name, engine)
    return create


def _instance(name: str, engine: QQmlEngine) -> QObject:
    instance = engine.property(_PROPERTY.format(name))
    if not isinstance(instance, QObject):
        raise TypeError(f"the QML engine has no {name} (kiosk.qt.qmlmodule.make_engine)")
    # Python owns it and uses it after the engine is gone (Backend.stop(), the log).
    QJSEngine.setObjectOwnership(instance, QJSEngine.ObjectOwnership.CppOwnership)
    return instance


def make_engine(**instances: QObject | None) -> QQmlApplicationEngine:
    """A new engine whose ``Kiosk`` singletons are ``instances``, by QML name
    (``Player=backend, Hours=opening, Staff=staff_or_None, Setup=setup``), with
    :data:`IMPORT_PATH` on its import path. Load the player with
    ``engine.loadFromModule(URI, "Main")``.

    The module is registered (:func:`register`) before the engine is made: types registered
    into a module after an engine exists leave that engine unable to make the module's QML
    types (Qt 6.11: "Cannot assign object of type QQuickText to list property data").

    Raises:
        KeyError: for a name not in :data:`SINGLETONS`.
    """
    unknown = set(instances) - set(SINGLETONS)
    if unknown:
        raise KeyError(f"no Kiosk singleton called {', '.join(sorted(unknown))}")
    register()
    engine = QQmlApplicationEngine()
    for name, instance in instances.items():
        engine.setProperty(_PROPERTY.format(name), instance)
    engine.addImportPath(str(IMPORT_PATH))
    return engine


# --------------------------------------------------------------------------- type information
def _method(method: QMetaMethod) -> dict:
    names = [bytes(n).decode() for n in method.parameterNames()]
    types = [bytes(t).decode() for t in method.parameterTypes()]
    return {"access": "public", "name": bytes(method.name()).decode(),
            "arguments": [{"name": n, "type": t} for n, t in zip(names, types, strict=True)],
            "returnType": method.typeName() or "void"}


def metatypes(name: str, cls: type[QObject]) -> dict:
    """The class ``cls`` as moc describes a class (its properties, signals and slots, read from
    its meta-object), marked as the QML singleton ``name``: the input of ``qmltyperegistrar``."""
    meta: QMetaObject = cls.staticMetaObject
    base = QObject.staticMetaObject
    properties, signals, slots = [], [], []
    for index in range(base.propertyCount(), meta.propertyCount()):
        prop = meta.property(index)
        entry = {"name": prop.name(), "type": prop.typeName(), "index": index - base.propertyCount(),
                 "read": prop.name()}
        if prop.hasNotifySignal():
            entry["notify"] = bytes(prop.notifySignal().name()).decode()
        if prop.isConstant():
            entry["constant"] = True
        properties.append(entry)
    for index in range(base.methodCount(), meta.methodCount()):
        method = meta.method(index)
        if method.methodType() == QMetaMethod.MethodType.Signal:
            signals.append(_method(method))
        elif method.methodType() == QMetaMethod.MethodType.Slot:
            slots.append(_method(method))
    return {"className": cls.__name__, "qualifiedClassName": cls.__name__, "object": True,
            "classInfos": [{"name": "QML.Element", "value": name}, {"name": "QML.Singleton", "value": "true"},
                           {"name": "QML.Creatable", "value": "false"}],
            "superClasses": [{"access": "public", "name": "QObject"}],
            "properties": properties, "signals": signals, "slots": slots}


def qmltypes_text() -> str:
    """The ``kiosk.qmltypes`` file for :data:`SINGLETONS`, as ``qmltyperegistrar`` writes it.

    Raises:
        RuntimeError: when ``qmltyperegistrar`` (shipped with PySide6) fails.
    """
    import json
    import subprocess
    import tempfile

    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    foreign = sorted((qt / "metatypes").glob("qt6core_*metatypes.json")) + \
        sorted((qt / "metatypes").glob("qt6qml_*metatypes.json"))
    registrar = qt / "libexec" / "qmltyperegistrar"
    data = [{"classes": [metatypes(name, cls) for name, cls in SINGLETONS.items()],
             "inputFile": "kiosk/qt/qmlmodule.py", "outputRevision": 69}]
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "kiosk_metatypes.json", Path(folder) / "kiosk.qmltypes"
        source.write_text(json.dumps(data), encoding="utf-8")
        done = subprocess.run([str(registrar), "--generate-qmltypes", str(out), "-o", str(Path(folder) / "reg.cpp"),
                               "--import-name", URI, "--major-version", str(MAJOR), "--minor-version", str(MINOR),
                               "--foreign-types", ",".join(str(f) for f in foreign), str(source)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"qmltyperegistrar failed: {done.stderr.strip()}")
        return out.read_text(encoding="utf-8")


def write_qmltypes(path: Path = QMLTYPES) -> Path:
    """Write :func:`qmltypes_text` to ``path`` (default :data:`QMLTYPES`) and return it."""
    path.write_text(qmltypes_text(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_qmltypes(Path(sys.argv[1]) if len(sys.argv) > 1 else QMLTYPES))
