"""The Qt window: thin adapters that render domain state and turn input into domain calls."""
