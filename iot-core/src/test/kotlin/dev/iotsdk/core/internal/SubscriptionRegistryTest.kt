package dev.iotsdk.core.internal

import dev.iotsdk.core.IncomingOverflow
import dev.iotsdk.core.Subscription
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.mockk.mockk

/**
 * What a new connection restores. The subscription opened just after `connect()` returned, while the reconnect loop
 * was still choosing what to restore, was sent twice (once restored, once by its own queued SUBSCRIBE): the
 * broker then sends a retained message twice, and the emulator reports two subscribe events (PersistentSessionTest
 * failed in CI on this).
 */
class SubscriptionRegistryTest :
    FunSpec({
        val router = mockk<IncomingRouter>(relaxed = true)
        fun collector(vararg filters: String) =
            Collector(filters.toList(), 16, 1L shl 20, IncomingOverflow.DROP_QOS0, router)

        test("a subscription whose own SUBSCRIBE is still queued is not restored as well") {
            val registry = SubscriptionRegistry()
            val c = collector("a/b")
            registry.acquire(listOf(Subscription("a/b")), c).fresh.map { it.filter } shouldBe listOf("a/b")

            registry.toRestore(sessionPresent = false).shouldBeEmpty()
            registry.toRestore(sessionPresent = true).shouldBeEmpty()
        }

        test("once granted, it is restored only where the broker kept no session") {
            val registry = SubscriptionRegistry()
            registry.acquire(listOf(Subscription("a/b")), collector("a/b"))
            registry.markSubscribed(listOf("a/b"))

            registry.toRestore(sessionPresent = true).shouldBeEmpty()
            registry.toRestore(sessionPresent = false).map { it.filter } shouldBe listOf("a/b")
            registry.markAllUnconfirmed()
            registry.toRestore(sessionPresent = true).map { it.filter } shouldBe listOf("a/b")
        }

        test("a queued SUBSCRIBE that failed leaves the subscription to the next restore while someone holds it") {
            val registry = SubscriptionRegistry()
            registry.acquire(listOf(Subscription("a/b")), collector("a/b"))
            registry.acquire(listOf(Subscription("a/b")), collector("a/b")).fresh.shouldBeEmpty()
            registry.clearQueued(listOf("a/b"))

            registry.toRestore(sessionPresent = true).map { it.filter } shouldBe listOf("a/b")
        }
    })
