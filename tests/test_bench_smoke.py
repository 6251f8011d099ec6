"""Benchmarks still run (a smoke run on a tiny size); their speeds are never asserted here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_store_throughput_bench_prints_json(tmp_path: Path) -> None:
    argv = [sys.executable, str(BENCH / "store_throughput.py"), "--commands", "20", "--runs", "1", "--json"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          env={"SECRETARIAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["store"] == "sqlite" and result["commands"] == 20
    assert result["commands_per_second"] > 0 and result["verified_rows_per_second"] > 0


def test_rebuild_bench_prints_both_rates_and_their_ratio(tmp_path: Path) -> None:
    argv = [sys.executable, str(BENCH / "rebuild.py"), "--events", "600", "--runs", "1"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          env={"SECRETARIAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["events"] >= 600 and result["rebuild_rows"] > 0
    assert result["raw_read_decode_events_per_second"] > 0 and result["rebuild_events_per_second"] > 0
    expected = result["rebuild_events_per_second"] / result["raw_read_decode_events_per_second"]
    assert abs(result["ratio_rebuild_to_raw"] - expected) < 0.01


def test_register_view_bench_prints_latencies(tmp_path: Path) -> None:
    argv = [sys.executable, str(BENCH / "register_view.py"), "--rows", "2000", "--runs", "1", "--json", "--pilot"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300,
                          env={"SECRETARIAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["rows"] == 2000 and result["first_page_ms"] > 0 and result["page_jump_ms"] > 0
    assert set(result["filter_keystroke_ms"]) >= {"k", "kari", "zzz"} and "member" in result["sort_ms"]
    app = result["app"]  # through the real app: each action less the harness's own key, and the loop's longest wait
    assert app["harness_key_ms"] > 0 and {"filter typed", "filter typed longest_wait", "End", "sort"} <= set(app)


def test_dashboard_bench_prints_paint_times_against_baselines(tmp_path: Path) -> None:
    argv = [sys.executable, str(BENCH / "dashboard.py"), "--events", "1", "--runs", "1", "--json"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=240,
                          env={"SECRETARIAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["events"] > 1000 and result["register_rows"]["appeals"] > 0
    assert result["raw_ms"] > 0 and result["figures_ms"] > 0 and result["blank_screen_paint_ms"] > 0
    assert result["first_paint_ms"] > 0 and result["refresh_ms"] > 0


def test_payroll_bench_prints_the_run_and_its_raw_baseline(tmp_path: Path) -> None:
    argv = [sys.executable, str(BENCH / "payroll.py"), "--employees", "20", "--runs", "1", "--json"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          env={"SECRETARIAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["employees"] == 20 and result["compute_run_seconds"] > 0 and result["raw_load_seconds"] > 0


def test_supplies_bench_prints_phases_reports_and_raw_baselines(tmp_path: Path) -> None:
    argv = [sys.executable, str(BENCH / "supplies.py"), "--precincts", "68", "--queries", "1", "--json"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300,
                          env={"SECRETARIAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["precincts"] == 68 and result["dispatch"]["commands"] == 68
    assert result["reconcile"]["commands"] == 3 * 68 and result["bulk_events_per_second"] > 0
    assert result["raw_insert_events_per_second"] > 0 and result["ballot-reconciliation_ms"] > 0


def _lines(argv: list[str], tmp_path: Path) -> list[dict[str, object]]:
    done = subprocess.run([sys.executable, *argv], capture_output=True, text=True, timeout=300,
                          env={"SECRETARIAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_as_of_bench_prints_a_line_per_register_with_its_baseline(tmp_path: Path) -> None:
    lines = _lines([str(BENCH / "asof.py"), "--events", "400", "--runs", "1"], tmp_path)
    assert [r["register"] for r in lines] == ["commission-members", "users", "event-log"]
    for r in lines:
        assert r["as_of_events_per_second"] > 0 and r["raw_read_decode_events_per_second"] > 0
        assert (r["peak_rss_mb"] > 0 and r["position"] == r["events"] // 2) or r["position"] > 0


def test_commands_bench_prints_latencies_against_a_raw_commit(tmp_path: Path) -> None:
    lines = _lines([str(BENCH / "commands.py"), "--events", "400", "--runs", "1", "--commands", "5"], tmp_path)
    assert [r["case"] for r in lines] == ["new-records", "long-stream"]
    for r in lines:
        assert 0 < r["p50_ms"] <= r["p99_ms"] and r["raw_commit_p50_ms"] > 0


def test_writers_bench_prints_throughput_its_parts_and_correctness(tmp_path: Path) -> None:
    [r] = _lines([str(BENCH / "writers.py"), "--writers", "2", "--commands", "5", "--events", "400"], tmp_path)
    assert r["registered"] == 10 and r["numbers_unique"] and r["false_refusals"] == 0
    assert r["commands_per_second"] > 0 and 0 < r["command_p50_ms"] <= r["p99_ms"]
    assert r["tries_again"] >= 0 and r["catch_up_p50_ms"] > 0 and r["raw_commit_p50_ms"] > 0


def test_import_bench_prints_rates_against_a_raw_baseline(tmp_path: Path) -> None:
    lines = _lines([str(BENCH / "import_rows.py"), "--rows", "200", "--runs", "1"], tmp_path)
    assert len(lines) == 1 and lines[0]["rows"] == 200 and lines[0]["events"] >= 200
    assert lines[0]["rows_per_second"] > 0 and lines[0]["raw_executemany_rows_per_second"] > 0


def test_verify_bench_prints_verify_and_raw_rates(tmp_path: Path) -> None:
    argv = [sys.executable, str(BENCH / "verify.py"), "--events", "300", "--runs", "1", "--json"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          env={"SECRETARIAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["events"] >= 300
    assert result["raw_read_link_events_per_second"] > 0 and result["verify_events_per_second"] > 0


def test_attachments_bench_prints_both_rates_and_their_ratios(tmp_path: Path) -> None:
    argv = [sys.executable, str(BENCH / "attachments.py"), "--files", "3", "--size-kb", "16", "--events", "100",
            "--runs", "1"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          env={"SECRETARIAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["files"] == 3 and result["attach_p50_ms"] > 0 and result["raw_insert_p50_ms"] > 0
    assert abs(result["ratio_raw_to_attach"] - result["raw_insert_p50_ms"] / result["attach_p50_ms"]) < 0.01
    assert result["check_mb_per_second"] > 0 and result["raw_select_hash_mb_per_second"] > 0


def test_cell_text_bench_prints_each_setting_against_its_baseline(tmp_path: Path) -> None:
    argv = [sys.executable, str(BENCH / "cell_text.py"), "--cells", "2000", "--runs", "1", "--json"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          env={"SECRETARIAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    results = {r["setting"]: r for r in map(json.loads, done.stdout.splitlines())}
    assert set(results) == {"english", "dari-solar-hijri-eastern"}
    assert all(r["ns_per_cell"] > 0 and r["baseline_str_ns_per_cell"] > 0 and r["ratio"] > 0
               for r in results.values())


def test_poller_bench_prints_the_apps_latency_against_a_bare_poll(tmp_path: Path) -> None:
    lines = _lines([str(BENCH / "poller.py"), "--commands", "3", "--poll", "0.2"], tmp_path)
    assert len(lines) == 1 and lines[0]["commands"] == 3 and lines[0]["shown"] == 3
    assert lines[0]["p50_ms"] >= 0 and lines[0]["raw_poll_p50_ms"] >= 0 and lines[0]["app_work_p50_ms"] >= 0
