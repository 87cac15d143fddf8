"""The course's widgets. Each lives in its own folder (Python class, widget.js, widget.css)."""
