"""Renderers: each turns a result into text (or a rich renderable). None of them prints."""
