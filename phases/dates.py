import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clipped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_weekday(day: date) -> date:
    """Saturday and Sunday move to Monday: schools plan training on school days."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day
