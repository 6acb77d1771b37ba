"""The frozen bundle's entry script: the same ``main`` as the ``reliefmap`` command.

PyInstaller runs its entry script as ``__main__``; a separate file keeps ``app`` a normal package
inside the bundle (running ``app/__main__.py`` directly would load it twice under two names).
"""

from app.__main__ import main

if __name__ == "__main__":
    main()
