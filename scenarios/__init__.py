"""The scenario library (TOML files), shipped as package data."""
