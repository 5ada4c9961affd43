package dev.iotsdk.test

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.net.ConnectException
import java.net.Socket

class IotEmulatorExtensionTest :
    FunSpec({
        val spec = this
        val extension = IotEmulatorExtension()
        val emulator = install(extension) { region = "eu-west-1" }

        test("install starts one emulator with the configuration, reachable through the extension") {
            emulator.region shouldBe "eu-west-1"
            extension.emulator shouldBeSameInstanceAs emulator
            Socket("localhost", emulator.mqttPort).close()
        }

        test("a running emulator cannot be configured again") {
            shouldThrow<IllegalStateException> { extension.mount { region = "us-west-2" } }
        }

        test("afterSpec closes the emulator; the next use starts a fresh one") {
            val own = IotEmulatorExtension()
            val first = own.emulator
            val port = first.mqttPort
            own.afterSpec(spec)
            shouldThrow<ConnectException> { Socket("localhost", port).close() }
            val second = own.emulator
            (second === first) shouldBe false
            Socket("localhost", second.mqttPort).close()
            own.afterSpec(spec)
        }
    })
