"""Weekly and monthly reports, as a city's DX team reports them: questions, answer rate,
feedback rate, top topics and misses, and the phone's outcomes; printable (print stylesheet).
Periods are Japanese weeks (Monday to Sunday) and months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Optional

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from console.auth import StaffDep
from console.charts import bar_chart, daily_chart
from console.report import refreshed_engine, titled_topics
from console.views import page
from gateway.settings import SettingsDep
from madoguchi import question_stats, work_queue
from madoguchi.clock import JST
from madoguchi.corpus.live import current_corpus

router = APIRouter()
KINDS = {"month": "月次", "week": "週次"}
TREND_PERIODS = 6
FIRST_YEAR, LAST_YEAR = 2000, 2100  # periods asked for outside these are mistakes (and overflow dates)


@dataclass(frozen=True)
class Period:
    kind: str  # month or week
    start: date  # JST

    @property
    def end(self) -> date:
        if self.kind == "week":
            return self.start + timedelta(days=7)
        return (self.start.replace(day=28) + timedelta(days=4)).replace(day=1)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(), JST)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end, time(), JST)

    @property
    def key(self) -> str:
        return self.start.strftime("%Y-%m") if self.kind == "month" else self.start.isoformat()

    @property
    def title(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start:%Y年%-m月%-d日}〜{self.last_day:%-m月%-d日}の週"

    def previous(self) -> "Period":
        if self.kind == "week":
            return Period("week", self.start - timedelta(days=7))
        return Period("month", (self.start - timedelta(days=1)).replace(day=1))

    def next(self) -> "Period":
        return Period(self.kind, self.end)


def period_of(kind: str, start: str, today: Optional[date] = None) -> Period:
    """The period asked for; the current one when `start` is empty."""
    if kind not in KINDS:
        raise HTTPException(status_code=422, detail=f"period must be one of {', '.join(KINDS)}")
    today = today or datetime.now(JST).date()
    try:
        if kind == "month":
            day = datetime.strptime(start, "%Y-%m").date() if start else today.replace(day=1)
        else:
            day = date.fromisoformat(start) if start else today
    except ValueError as error:
        detail = f"start must be YYYY-MM for a month, YYYY-MM-DD for a week: {start!r}"
        raise HTTPException(status_code=422, detail=detail) from error
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise HTTPException(status_code=422, detail=f"start must be between {FIRST_YEAR} and {LAST_YEAR}")
    return Period("month", day) if kind == "month" else Period("week", day - timedelta(days=day.weekday()))


@dataclass
class TrendRow:
    period: Period
    figures: question_stats.Figures


@router.get("/reports", response_class=HTMLResponse)
def reports_page(
    request: Request, staff: StaffDep, settings: SettingsDep, period: str = "month", start: str = ""
) -> HTMLResponse:
    chosen = period_of(period, start)
    store = refreshed_engine(settings)
    corpus = current_corpus(settings.corpus_dir)
    figures = question_stats.figures(store, chosen.since, chosen.until)
    misses, miss_groups = work_queue.period_groups(store, chosen.since, chosen.until, limit=10)
    trend = [TrendRow(chosen, figures)]
    for _ in range(TREND_PERIODS - 1):
        shown = trend[-1].period.previous()
        trend.append(TrendRow(shown, question_stats.figures(store, shown.since, shown.until)))
    topics = titled_topics(corpus, figures.top_topics)
    phone = figures.phone
    charts = {
        "topics": bar_chart(topics, "よく聞かれたトピック"),
        "daily": daily_chart(figures.daily, "日ごとの質問数と回答数"),
        "phone": bar_chart(
            [
                ("職員なしで完了", phone.without_staff),
                ("担当課へ直接", phone.to_department),
                ("交換・伝言へ", phone.to_operator_or_voicemail),
                ("時間外", phone.out_of_hours),
            ],
            "電話の結果",
        ),  # fmt: skip
    }
    first = question_stats.first_question(store)
    return page(request, "reports.html", staff, chosen=chosen, figures=figures, topics=topics, misses=misses,
                miss_groups=miss_groups, trend=trend, charts=charts, kinds=KINDS, today=datetime.now(JST).date(),
                has_earlier=first is not None and first < chosen.since)  # fmt: skip
