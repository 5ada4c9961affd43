package dev.iotsdk.auth

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.StringSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CancellationException

class CredentialsProviderChainTest :
    StringSpec({
        val a = Credentials("A", "a")
        val b = Credentials("B", "b")

        "the first provider that succeeds wins and later ones are not asked" {
            var asked = 0
            val chain = CredentialsProviderChain(
                CredentialsProvider { throw CredentialsException("first failed") },
                CredentialsProvider { a },
                CredentialsProvider {
                    asked++
                    b
                },
            )
            chain.resolve() shouldBe a
            asked shouldBe 0
        }

        "when all fail the error lists every provider in order" {
            val chain = CredentialsProviderChain(
                EnvironmentCredentialsProvider { null },
                CredentialsProvider { throw IllegalStateException("boom") },
            )
            val e = shouldThrow<CredentialsException> { chain.resolve() }
            e.message shouldContain "1. EnvironmentCredentialsProvider: Environment variable"
            e.message shouldContain "2. "
            e.message shouldContain "boom"
            e.message!!.indexOf("1. ") shouldBe e.message!!.indexOf("1. Env")
        }

        "cancellation is not swallowed" {
            val chain =
                CredentialsProviderChain(
                    CredentialsProvider {
                        throw CancellationException("stop")
                    },
                    CredentialsProvider { a },
                )
            shouldThrow<CancellationException> { chain.resolve() }
        }
    })
