package dev.iotsdk.emulator

import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldHaveAtMostSize
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.concurrent.thread

/**
 * The admin API's snapshots of live state are read while that state changes (tests poll `subscriptionsOf` until an
 * UNSUBSCRIBE lands). A copy made with Kotlin's `toSet()` reads the size first and then the elements, and threw
 * `NoSuchElementException` when the last filter went in between: it failed a shadow test in CI.
 */
class AdminSnapshotsTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test("a client's subscriptions and the connected clients can be read while it subscribes and unsubscribes") {
            val client = plain5(emu, "snapshot-churn").also { it.connect() }
            val stop = AtomicBoolean(false)
            val toggles = thread(name = "churn") {
                while (!stop.get()) {
                    client.subscribeWith().topicFilter("churn/a").send()
                    client.unsubscribeWith().topicFilter("churn/a").send()
                }
            }
            try {
                var withFilter = 0
                var withoutFilter = 0
                val deadline = System.nanoTime() + 3_000_000_000L
                while (System.nanoTime() < deadline) {
                    val filters = emu.subscriptionsOf("snapshot-churn")
                    filters shouldHaveAtMostSize 1
                    if (filters.isEmpty()) withoutFilter++ else withFilter++
                    if (filters.isNotEmpty()) filters.single() shouldBe "churn/a"
                    emu.connectedClients() shouldContain "snapshot-churn"
                }
                // the reads really raced the changes: both states were seen
                withFilter shouldBeGreaterThan 0
                withoutFilter shouldBeGreaterThan 0
            } finally {
                stop.set(true)
                toggles.join()
                client.disconnect()
            }
        }
    })
