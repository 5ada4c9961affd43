package dev.iotsdk.auth

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.StringSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.time.Instant

class CredentialsTest :
    StringSpec({
        "toString never shows the secret or the session token" {
            val c = Credentials("AKIDEXAMPLE", "SECRETSECRET", "TOKENTOKEN", Instant.EPOCH)
            c.toString() shouldContain "AKIDEXAMPLE"
            c.toString() shouldNotContain "SECRETSECRET"
            c.toString() shouldNotContain "TOKENTOKEN"
        }

        "equality covers all four properties" {
            Credentials("a", "b", "c") shouldBe Credentials("a", "b", "c")
            Credentials("a", "b", "c").hashCode() shouldBe Credentials("a", "b", "c").hashCode()
            Credentials("a", "b", "c") shouldNotBe Credentials("a", "b", "d")
            Credentials("a", "b") shouldNotBe Credentials("a", "b", null, Instant.EPOCH)
        }

        "blank keys are refused" {
            shouldThrow<IllegalArgumentException> { Credentials(" ", "b") }
        }

        "a lambda is a provider and the static provider returns its credentials" {
            val c = Credentials("a", "b")
            CredentialsProvider { c }.resolve() shouldBe c
            StaticCredentialsProvider(c).resolve() shouldBe c
        }
    })
