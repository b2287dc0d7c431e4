"""Gradio user interface: `build_app(assistant)` returns the Blocks app."""
