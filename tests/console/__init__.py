"""End-to-end tests of the console at /__mock__/ui, in headless Chromium."""
