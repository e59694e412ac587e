"""The dashboard's web server: Streamlit's ASGI app (``st.App``) with the login gate in front of it.

``govshare dashboard`` (and the browser tests) run ``streamlit run dashboard/server.py``; Streamlit sees
the ``app`` below and serves ``dashboard/app.py`` through it, with the gate's routes and middleware.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from dashboard.gate import Gate, routes

app = st.App(str(Path(__file__).resolve().parent / "app.py"), routes=routes(), middleware=[Middleware(Gate)])
