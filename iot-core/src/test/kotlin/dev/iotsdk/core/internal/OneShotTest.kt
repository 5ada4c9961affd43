package dev.iotsdk.core.internal

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield

class OneShotTest :
    FunSpec({
        test("a value completed before the wait is returned at once") {
            val shot = OneShot<String>()
            shot.complete("a") shouldBe true
            shot.isDone shouldBe true
            shot.failure shouldBe null
            shot.await() shouldBe "a"
        }

        test("a suspended waiter gets the value, a null value and a failure") {
            coroutineScope {
                val value = OneShot<String>()
                val waiter = async(start = CoroutineStart.UNDISPATCHED) { value.await() }
                value.complete("b")
                waiter.await() shouldBe "b"

                val nothing = OneShot<String?>()
                val nullWaiter = async(start = CoroutineStart.UNDISPATCHED) { nothing.await() }
                nothing.complete(null) shouldBe true
                nullWaiter.await() shouldBe null
                nothing.isDone shouldBe true

                val failing = OneShot<String>()
                val failed = async(start = CoroutineStart.UNDISPATCHED) { runCatching { failing.await() } }
                val boom = IllegalStateException("boom")
                failing.fail(boom)
                // kotlinx.coroutines may hand the waiter a copy with a recovered stack trace
                failed.await().exceptionOrNull()!!.message shouldBe "boom"
                failing.failure shouldBeSameInstanceAs boom
            }
        }

        test("only the first outcome counts") {
            val shot = OneShot<Int>()
            shot.fail(IllegalArgumentException("first")) shouldBe true
            shot.complete(1) shouldBe false
            shot.fail(IllegalStateException("second")) shouldBe false
            shouldThrow<IllegalArgumentException> { shot.await() }.message shouldBe "first"
        }

        test("a cancelled waiter leaves the result for the next one") {
            coroutineScope {
                val shot = OneShot<Int>()
                val first = launch(start = CoroutineStart.UNDISPATCHED) { shot.await() }
                first.cancel()
                yield()
                shot.isDone shouldBe false
                val second = async(start = CoroutineStart.UNDISPATCHED) { shot.await() }
                shot.complete(7)
                second.await() shouldBe 7
            }
        }
    })
