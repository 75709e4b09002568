"""Settings: defaults, and one line naming the setting that is wrong (never its secret)."""

import pytest

from bot.domain.settings import Messenger, SettingsError, load_settings


def test_defaults_suit_a_persian_deployment(monkeypatch) -> None:
    for name in ("BOT_TOKEN", "MESSENGER", "DATABASE_URL", "ADMIN_IDS", "TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(_env_file=None)
    assert settings.messenger == Messenger.TELEGRAM
    assert settings.database_url == "sqlite:///data/farakhan.db"
    assert str(settings.database_path) == "data/farakhan.db"
    assert settings.timezone == "Asia/Tehran" and settings.default_language == "fa"
    assert settings.admin_ids == frozenset() and settings.bot_token is None


def test_values_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", " 12, 34 ,")
    monkeypatch.setenv("MESSENGER", "bale")
    monkeypatch.setenv("BOT_API_BASE_URL", "http://127.0.0.1:8081/bot/")
    monkeypatch.setenv("DATABASE_URL", "sqlite:////var/lib/farakhan/db.sqlite")
    settings = load_settings(_env_file=None)
    assert settings.admin_ids == {12, 34} and settings.messenger == Messenger.BALE
    assert settings.bot_api_base_url == "http://127.0.0.1:8081/bot"
    assert str(settings.database_path) == "/var/lib/farakhan/db.sqlite"


def test_a_postgresql_url_selects_postgresql_and_its_password_is_never_shown(
    monkeypatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://farakhan:s3cret@db.internal:5432/farakhan")
    settings = load_settings(_env_file=None)
    assert settings.is_postgresql
    assert settings.database == "postgresql://farakhan:s3cret@db.internal:5432/farakhan"
    assert settings.database_name == "postgresql://farakhan:***@db.internal:5432/farakhan"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///data/f.db")
    assert str(load_settings(_env_file=None).database) == "data/f.db"


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("MESSENGER", "whatsapp", "Setting MESSENGER is invalid"),
        ("MESSENGER", "splus", "Setting MESSENGER is invalid"),
        ("DATABASE_URL", "mysql://x/db", "Setting DATABASE_URL is invalid: expected sqlite:///"),
        ("DATABASE_URL", "postgresql://", "Setting DATABASE_URL is invalid: expected sqlite:///"),
        ("TIMEZONE", "Tehran", "Setting TIMEZONE is invalid"),
        ("DEFAULT_LANGUAGE", "de", "Setting DEFAULT_LANGUAGE is invalid: expected fa or en"),
        ("LOG_LEVEL", "LOUD", "Setting LOG_LEVEL is invalid"),
        ("BOT_API_BASE_URL", "api.telegram.org", "Setting BOT_API_BASE_URL is invalid"),
    ],
)
def test_a_bad_setting_is_named(monkeypatch, name: str, value: str, says: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    assert str(caught.value).startswith(says)
    assert "\n" not in str(caught.value)


def test_a_malformed_token_is_named_but_never_echoed(monkeypatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "secret-looking-value")
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    assert str(caught.value).startswith("Setting BOT_TOKEN is invalid")
    assert "secret-looking-value" not in str(caught.value)


def test_a_missing_token_is_named_when_it_is_needed(monkeypatch) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    with pytest.raises(SettingsError, match="BOT_TOKEN is missing"):
        load_settings(_env_file=None).token()


def test_the_send_ceiling_is_the_messengers_unless_set_and_broadcast_rate_still_counts(
    monkeypatch,
) -> None:
    from bot.domain.messenger import send_ceiling

    for name in ("SEND_RATE_CEILING", "BROADCAST_RATE", "MESSENGER"):
        monkeypatch.delenv(name, raising=False)
    assert send_ceiling(load_settings(_env_file=None)) == 30  # Telegram's "about 30"
    monkeypatch.setenv("BROADCAST_RATE", "25")  # an .env from before the send budget
    assert send_ceiling(load_settings(_env_file=None)) == 25
    monkeypatch.setenv("SEND_RATE_CEILING", "50")  # the new name wins
    assert send_ceiling(load_settings(_env_file=None)) == 50
    monkeypatch.setenv("SEND_RATE_CEILING", "0")
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    assert str(caught.value).startswith("Setting SEND_RATE_CEILING is invalid")


def test_soroush_plus_is_telegrams_api_at_its_own_address_unless_overridden(monkeypatch) -> None:
    from bot.domain.messenger import SOROUSH, profile_for, send_ceiling
    from bot.runtime.app import api_urls

    for name in ("SEND_RATE_CEILING", "BROADCAST_RATE", "BOT_API_BASE_URL", "BOT_API_FILE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MESSENGER", "soroush")
    settings = load_settings(_env_file=None)
    assert settings.messenger == Messenger.SOROUSH and profile_for(settings) is SOROUSH
    assert api_urls(settings) == ("https://api.splus.ir/bot", "https://api.splus.ir/file/bot")
    assert send_ceiling(settings) == 20  # no figure published: below Telegram's, to start
    monkeypatch.setenv("BOT_API_BASE_URL", "https://splus-proxy.example.org/bot")
    assert api_urls(load_settings(_env_file=None)) == (
        "https://splus-proxy.example.org/bot",
        "https://splus-proxy.example.org/file/bot",
    )
