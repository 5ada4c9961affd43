package dev.iotsdk.core.internal

import dev.iotsdk.core.MqttMessage
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe

class PublishListTest :
    FunSpec({
        fun op(i: Int) = Operation.Publish(MqttMessage.text("t/$i", "$i"))
        fun PublishList.topics() = snapshot().map { it.message.topic }

        test("keeps insertion order and unlinks from the head, the middle and the tail") {
            val list = PublishList()
            val ops = (1..5).map(::op)
            ops.forEach(list::add)
            list.size shouldBe 5
            list.remove(ops[2]) shouldBe true
            list.topics() shouldBe listOf("t/1", "t/2", "t/4", "t/5")
            list.remove(ops[0]) shouldBe true
            list.remove(ops[4]) shouldBe true
            list.topics() shouldBe listOf("t/2", "t/4")
            list.remove(ops[1]) shouldBe true
            list.remove(ops[3]) shouldBe true
            list.snapshot().shouldBeEmpty()
            list.size shouldBe 0
        }

        test("removing twice or removing what was never added changes nothing") {
            val list = PublishList()
            val a = op(1)
            val b = op(2)
            list.add(a)
            list.remove(b) shouldBe false
            list.remove(a) shouldBe true
            list.remove(a) shouldBe false
            list.size shouldBe 0
            list.add(a)
            list.topics() shouldBe listOf("t/1")
        }

        test("an operation cannot be listed twice") {
            val list = PublishList()
            val a = op(1)
            list.add(a)
            shouldThrow<IllegalStateException> { list.add(a) }
            list.size shouldBe 1
        }

        test("a snapshot is not changed by later removals") {
            val list = PublishList()
            val ops = (1..3).map(::op)
            ops.forEach(list::add)
            val before = list.snapshot()
            ops.forEach { list.remove(it) }
            before.map { it.message.topic } shouldBe listOf("t/1", "t/2", "t/3")
        }
    })
