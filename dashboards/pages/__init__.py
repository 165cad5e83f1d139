"""One module per page of the app; each has ``build() -> panel layout`` (one per session)."""
