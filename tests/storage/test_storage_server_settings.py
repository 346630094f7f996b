"""Per-server settings in the database, on both backends (a SQLite file and PostgreSQL):
each server keeps its own values, a change replaces the old one, clearing returns a
setting to the operator's, and everything is still there when the store is reopened."""

from __future__ import annotations

from storage_helpers import column

from storage.server_settings import ServerSettingsStore


async def test_each_server_keeps_its_own_settings_across_a_reopen(log_db):
    async with await ServerSettingsStore.open(log_db) as store:
        assert await store.all() == {}
        await store.set(1001, "prefix", "?", changed_by=7)
        await store.set(1001, "cooldown", "3/30", changed_by=7)
        await store.set(2002, "prefix", "$", changed_by=8)
        await store.set(1001, "prefix", ">", changed_by=9)  # replaces, never duplicates

    async with await ServerSettingsStore.open(log_db) as store:
        assert await store.all() == {
            1001: {"cooldown": "3/30", "prefix": ">"},
            2002: {"prefix": "$"},
        }
    assert column(
        log_db, "SELECT changed_by FROM server_settings WHERE guild_id = 1001 AND name = 'prefix'"
    ) == [9]


async def test_clearing_a_setting_touches_only_that_server(log_db):
    async with await ServerSettingsStore.open(log_db) as store:
        await store.set(1001, "prefix", "?", changed_by=None)
        await store.set(2002, "prefix", "$", changed_by=None)
        assert await store.clear(1001, "prefix") is True
        assert await store.clear(1001, "prefix") is False  # nothing left to clear
        assert await store.all() == {2002: {"prefix": "$"}}


async def test_discord_ids_beyond_32_bits_survive(log_db):
    guild_id = 1_234_567_890_123_456_789  # a real snowflake's size
    async with await ServerSettingsStore.open(log_db) as store:
        await store.set(guild_id, "admin_roles", "987654321098765432", changed_by=guild_id)
        assert await store.all() == {guild_id: {"admin_roles": "987654321098765432"}}
