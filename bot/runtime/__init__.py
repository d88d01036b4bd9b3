"""What every process runs on: settings, logs, metrics, health, replay checks and outages."""
