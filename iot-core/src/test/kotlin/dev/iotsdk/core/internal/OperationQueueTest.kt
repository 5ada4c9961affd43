package dev.iotsdk.core.internal

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.OfflineQueueFullException
import dev.iotsdk.core.OfflineQueuePolicy
import dev.iotsdk.core.OverflowPolicy
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf

class OperationQueueTest :
    FunSpec({
        fun op(i: Int) = Operation.Publish(MqttMessage.text("t/$i", "$i"))

        test("drop-oldest fails exactly the oldest operations") {
            val q = OperationQueue(OfflineQueuePolicy(capacity = 3, overflow = OverflowPolicy.DROP_OLDEST))
            val ops = (1..5).map(::op)
            ops.forEach(q::offer)
            ops[0].failure.shouldBeInstanceOf<OfflineQueueFullException>()
            ops[1].failure.shouldBeInstanceOf<OfflineQueueFullException>()
            generateSequence { q.poll() }.map { (it as Operation.Publish).message.topic }.toList() shouldBe
                listOf("t/3", "t/4", "t/5")
            q.droppedByOverflow shouldBe 2
        }

        test("drop-newest fails the new operations") {
            val q = OperationQueue(OfflineQueuePolicy(capacity = 2, overflow = OverflowPolicy.DROP_NEWEST))
            val ops = (1..4).map(::op)
            ops.forEach(q::offer)
            ops[2].isDone shouldBe true
            ops[3].isDone shouldBe true
            ops[0].isDone shouldBe false
            q.size shouldBe 2
        }

        test("requeued operations go to the head in order") {
            val q = OperationQueue(OfflineQueuePolicy(capacity = 10))
            q.offer(op(3))
            q.requeueFront(listOf(op(1), op(2)))
            generateSequence { q.poll() }.map { (it as Operation.Publish).message.topic }.toList() shouldBe
                listOf("t/1", "t/2", "t/3")
        }
    })
