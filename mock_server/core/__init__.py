"""What every vendor shares. Nothing here knows a vendor by name."""
