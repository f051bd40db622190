"""What the retrain's smoke check asks of the new model."""

from __future__ import annotations

from madoguchi.retrain import still_in_corpus


def test_only_added_questions_still_in_the_corpus_are_checked(corpus) -> None:
    topics = corpus.by_id()
    kept = ("粗大ごみを出したいのですが", "waste/bulky_waste")
    assert kept[0] in topics["waste/bulky_waste"].examples
    checks = [
        kept,
        ("staff took this one out again", "waste/bulky_waste"),
        ("粗大ごみを出したいのですが", "waste/no_such_topic"),
    ]
    assert still_in_corpus(checks, topics) == [kept]


def test_each_rasa_server_that_does_not_switch_is_named(tmp_path) -> None:
    """Behind a load balancer every server must load the new model; one that cannot is
    reported by its address (here no server listens at either: both are named)."""
    from devtools.servers import free_port
    from madoguchi.paths import BOT_DIR, CORPUS_DIR
    from madoguchi.retrain import Retrainer

    servers = (f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}")
    retrainer = Retrainer(CORPUS_DIR, BOT_DIR, tmp_path, "http://127.0.0.1:9", rasa_servers=servers)
    failed = retrainer._switch(tmp_path / "model.tar.gz")
    assert failed.startswith("切り替えに失敗したサーバーがあります") and "今のモデルのまま動いています" in failed
    assert set(retrainer.progress.servers) == set(servers)
    assert all(state.startswith("ConnectError") for state in retrainer.progress.servers.values())
    assert all(url in failed for url in servers)
    assert retrainer.progress.as_dict()["servers"] == retrainer.progress.servers


def test_one_retrain_at_a_time_across_workers_and_every_worker_sees_it(store_url: str) -> None:
    """Two gateway workers (two boards on one store, SQLite and PostgreSQL): the second cannot
    start a retrain while the first runs, sees its progress, and takes over a dead one's."""
    from madoguchi.retrain_board import STALE_SECONDS, WORKER_GONE, RetrainBoard

    first, second = RetrainBoard(store_url), RetrainBoard(store_url)
    assert second.current() is None
    assert first.claim({"state": "running", "stage": "検査"}, now=1000.0)
    assert not second.claim({"state": "running"}, now=1001.0)
    first.publish({"state": "running", "stage": "学習", "percent": 40}, now=1002.0)
    second.publish({"state": "failed", "stage": "?"}, now=1003.0)  # not its board: ignored
    assert second.current(now=1003.0) == {"state": "running", "stage": "学習", "percent": 40}
    first.publish({"state": "switched", "stage": "切り替え"}, now=1010.0)
    assert second.claim({"state": "running", "stage": "検査"}, now=1011.0)
    later = 1011.0 + STALE_SECONDS + 1  # the second worker died without a word since
    assert first.current(now=later) == {"state": "failed", "stage": "検査", "message": WORKER_GONE}
    assert first.claim({"state": "running"}, now=later)
