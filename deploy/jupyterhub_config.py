# JupyterHub for a class on one machine: every student logs in with the class password and gets a
# JupyterLab server of their own, in a home folder of their own, with the course's kernel.
# See book/instructor_guide.md, "Running the course for a class on JupyterHub".
#
#   python3 -m venv /srv/course/env
#   /srv/course/env/bin/pip install ".[hub]"          # in your copy of the course: hub, proxy, nbgitpuller
#   CLASS_PASSWORD='…' /srv/course/env/bin/jupyterhub -f deploy/jupyterhub_config.py
#
# Then give the class the nbgitpuller link (the guide shows its format). Suited to a workshop whose
# students keep nothing private: the shared password lets anyone who knows it log in under any name,
# and every student's server runs as the same Unix user. For a term-long class, give each student
# their own login and Unix account (or use Zero to JupyterHub: deploy/z2jh-values.yaml).
import os
import sys

c = get_config()  # noqa: F821 - defined by JupyterHub when it reads this file
BIN = os.path.dirname(sys.executable)  # the environment that `pip install ".[hub]"` filled

c.JupyterHub.bind_url = "http://:8000"  # serve it behind HTTPS (a reverse proxy) on a real network
c.JupyterHub.db_url = "sqlite:////srv/course/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "/srv/course/jupyterhub_cookie_secret"
# the class link starts a student's server by itself instead of showing a "Launch" button
c.JupyterHub.implicit_spawn_seconds = 1

# one class password (at least 8 characters), from the environment rather than this file
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["CLASS_PASSWORD"]
c.Authenticator.allow_all = True

# the proxy: the Python implementation from PyPI, installed with the hub (no Node.js needed)
c.ConfigurableHTTPProxy.command = [os.path.join(BIN, "configurable-http-proxy")]

# each student's JupyterLab, in /srv/course/homes/<name>, with this environment's kernel
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "/srv/course/homes/{username}"
c.Spawner.cmd = [os.path.join(BIN, "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
# free the memory of a student who has gone: idle kernels after 30 minutes, idle servers after an hour
c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=1800",
                  "--ServerApp.shutdown_no_activity_timeout=3600"]
