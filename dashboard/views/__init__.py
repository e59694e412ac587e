"""The pages (Streamlit runs each by path; a package so that the import contracts see them)."""
