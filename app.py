"""`streamlit run app.py` in a checkout: the app itself is assistant/ui/app_main.py
(installed with the package; `jixiao app` starts it)."""

from assistant.ui.app_main import main

main()
