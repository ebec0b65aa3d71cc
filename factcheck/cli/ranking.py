"""`flask claims train [--reset]`: learn what this desk checks from its own decisions."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from factcheck.cli.articles import claims_cli
from factcheck.extensions import db
from factcheck.services import ranking


@claims_cli.command("train")
@click.option("--reset", is_flag=True, help="Stop using the learned ranker: the default scorer ranks again.")
@click.option("--seed", default=0, show_default=True, help="Seed of the held-out split and the folds.")
def claims_train(reset: bool, seed: int) -> None:
    """Fit a ranker on approved (checked) and dismissed claims; activate it only if it beats the default scorer."""
    session = db.session()
    if reset:
        count = ranking.reset(session)
        session.commit()
        click.echo(f"Learned ranker switched off ({count} active model(s) deactivated); the default scorer ranks.")
        return
    outcome = ranking.train_from_decisions(
        session, seed=seed, grid=ranking.grid_named(current_app.config["RANKER_GRID"])
    )
    dismissed = outcome.decisions - outcome.positives
    click.echo(f"{outcome.decisions} decisions: {outcome.positives} checked, {dismissed} dismissed.")
    if outcome.model is None:
        session.rollback()
        raise click.ClickException(f"not trained: {outcome.reason}")
    session.commit()
    path = ranking.write_file(outcome.model, Path(current_app.instance_path))
    click.echo(f"Cross-validated average precision: {outcome.model.cv_average_precision:.3f}")
    click.echo(f"Model #{outcome.model.id}: {outcome.reason}. Copy: {path}")
