"""The web dashboard: server-rendered pages on the same aiohttp server as the Slack front."""
