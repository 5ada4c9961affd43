package dev.iotsdk.model

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.serialization.Serializable

class IotJsonTest :
    FunSpec({
        @Serializable
        data class Sample(val a: Int, val b: String? = null)

        test("unknown fields are tolerated") {
            IotJson.decodeFromString(Sample.serializer(), """{"a":1,"extra":{"x":2}}""") shouldBe Sample(1)
        }
    })
