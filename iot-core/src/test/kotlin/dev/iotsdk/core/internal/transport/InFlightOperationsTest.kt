package dev.iotsdk.core.internal.transport

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.CompletableFuture

/**
 * The in-flight list every connection keeps (a pure unit: the end-to-end proof, a JVM that exits after a connection
 * dropped with a QoS 1 message unacknowledged, is `ProcessExitTest`).
 */
class InFlightOperationsTest :
    FunSpec({
        test("a completed operation leaves the list: the connection's end cancels only what is still in flight") {
            val ops = InFlightOperations()
            val futures = (1..5).map { ops.track(CompletableFuture<String>()) }
            // complete the head, a middle one and the tail of the list, in that order
            futures[4].complete("a")
            futures[2].complete("b")
            futures[0].complete("c")
            ops.cancelAll()
            futures.map { it.isCancelled } shouldBe listOf(false, true, false, true, false)
        }

        test("an operation started after the connection ended is cancelled at once") {
            val ops = InFlightOperations()
            ops.cancelAll()
            ops.track(CompletableFuture<Unit>()).isCancelled shouldBe true
        }

        test("a link is taken off once, however often its completion reports") {
            val ops = InFlightOperations()
            val kept = ops.track(CompletableFuture<Unit>())
            val link = object : InFlightOperations.Link(CompletableFuture<Unit>()) {}
            ops.link(link)
            ops.unlink(link)
            ops.unlink(link)
            link.operation.isDone shouldBe false
            ops.cancelAll()
            kept.isCancelled shouldBe true
            link.operation.isCancelled shouldBe false
        }
    })
