"""Authoring tools of the course, kept out of the runtime package ``legpain``: the book's
generated pages (``python3 course.py pages``) and notebook re-execution
(``python3 course.py execute``)."""
