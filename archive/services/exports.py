"""Export of one school (G2)."""


def export_run(*, job_id): ...
