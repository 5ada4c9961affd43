package dev.iotsdk.common

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf

class IotSdkExceptionTest :
    FunSpec({
        test("the hierarchy is unchecked, so Java callers catch any type where it is thrown") {
            val client: Throwable = IotClientException("bad input")
            client.shouldBeInstanceOf<RuntimeException>()
            val service: Throwable = IotServiceException("rejected", errorCode = "404", statusCode = 404)
            service.shouldBeInstanceOf<RuntimeException>()
            service.shouldBeInstanceOf<IotSdkException>()
        }

        test("a service error keeps its code, status, request id and retryability") {
            val cause = IllegalStateException("x")
            val e = IotServiceException("throttled", "429", 429, "req-1", cause, isRetryable = true)
            e.errorCode shouldBe "429"
            e.statusCode shouldBe 429
            e.requestId shouldBe "req-1"
            e.cause shouldBe cause
            e.isRetryable shouldBe true
        }
    })
