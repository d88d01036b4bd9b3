"""The scheduler: the tick that plans due nudges into the outbox (`planner`), the
dispatcher that delivers them on leases (`dispatcher`, paced by `pacing`), and the
APScheduler jobs that run both (`runner`)."""
