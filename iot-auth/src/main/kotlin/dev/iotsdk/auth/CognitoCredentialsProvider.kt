package dev.iotsdk.auth

import dev.iotsdk.auth.internal.ClockSkew
import dev.iotsdk.auth.internal.CognitoWire
import dev.iotsdk.auth.internal.CredentialsAnswer
import dev.iotsdk.auth.internal.CredentialsHttp
import dev.iotsdk.auth.internal.CredentialsLog
import dev.iotsdk.auth.internal.retryingCredentials
import dev.iotsdk.common.HttpEngine
import io.ktor.http.ContentType
import java.time.Clock
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * Temporary AWS credentials from an Amazon Cognito identity pool: `GetId` (once; the identity id is then kept) and
 * `GetCredentialsForIdentity`, over HTTPS (AWS JSON 1.1). Like the AWS SDKs' Cognito provider and the v1 device SDK's
 * `basicPubSub_CognitoSTS` sample: give it to [ConnectionType.WebSocketSigV4][CredentialsProvider] or the data-plane
 * client; the credentials are cached until [refreshBefore] their expiration, then fetched anew.
 *
 * | Setting | Default | Meaning |
 * |---|---|---|
 * | [identityPoolId] | required | `<region>:<uuid>` |
 * | [region] | the pool id's prefix | the Cognito region |
 * | [logins] | empty (unauthenticated) | provider name → token, e.g. `cognito-identity.amazonaws.com` → OpenID token |
 * | [identityId] | `null` (GetId finds it) | a cached identity id |
 * | [endpoint] | `https://cognito-identity.<region>.amazonaws.com` | where the service listens (the emulator in tests) |
 * | `trust` | [TrustMaterial.system] | CAs trusted for the endpoint |
 * | [engine] | `null`: [HttpEngine.JAVA], or [HttpEngine.OKHTTP] where `java.net.http` is missing (Android) | the HTTP engine |
 * | `requestTimeout` | 10 s | per HTTP request |
 * | `maxAttempts` | 3 | tries for throttling, timeouts and connection failures |
 * | [refreshBefore] | 5 min | refresh this long before expiry |
 *
 * ```kotlin
 * val cognito = CognitoCredentialsProvider { identityPoolId = "us-east-1:0000…"; }
 * val client = IotMqttClient { endpoint = "…"; connectionType = ConnectionType.WebSocketSigV4(cognito, "us-east-1") }
 * ```
 * ```java
 * CognitoCredentialsProvider cognito = CognitoCredentialsProvider.builder().identityPoolId("us-east-1:0000…").build();
 * ```
 * [resolve] throws [CredentialsNotAuthorizedException] (guests not allowed, logins refused),
 * [CredentialsResourceNotFoundException] (unknown pool or identity), [CredentialsRoleConfigurationException]
 * (`InvalidIdentityPoolConfigurationException`: no role for this kind of identity), [CredentialsThrottledException]
 * (after [maxAttempts]), another [CredentialsServiceException] (any other error code; retryable for 5xx), or a
 * [CredentialsException] (timeouts and connection failures after [maxAttempts], TLS, a garbled or already expired
 * answer, a missing engine artifact at build time). Thread-safe; [close] releases the HTTP client. Neither logs nor
 * messages contain tokens or secrets.
 */
public class CognitoCredentialsProvider private constructor(builder: Builder) :
    CredentialsProvider,
    AutoCloseable {
    /** The identity pool id. */
    public val identityPoolId: String = requireNotNull(builder.identityPoolId) { "identityPoolId is required" }

    /** The Cognito region. */
    public val region: String = builder.region ?: identityPoolId.substringBefore(':')

    /** The logins map (provider name → token); empty for unauthenticated identities. */
    public val logins: Map<String, String> = builder.logins.toMap()

    /** The service endpoint URL. */
    public val endpoint: String = (builder.endpoint ?: "https://cognito-identity.$region.amazonaws.com").trimEnd('/')

    /** How long before expiry credentials are refreshed. */
    public val refreshBefore: Duration = builder.refreshBefore

    /** How many times a retryable failure is tried. */
    public val maxAttempts: Int = builder.maxAttempts

    /** The HTTP engine in use (the one chosen, or the platform's default when none was). */
    public val engine: HttpEngine = CredentialsHttp.engine(builder.engine)

    private val accountId: String? = builder.accountId
    private val customRoleArn: String? = builder.customRoleArn
    private val clock: Clock = builder.clock
    init {
        require(identityPoolId.contains(':')) { "identityPoolId must look like <region>:<uuid>, was '$identityPoolId'" }
        require(maxAttempts >= 1) { "maxAttempts must be at least 1" }
    }

    private val http =
        CredentialsHttp(engine, null, builder.trust ?: TrustMaterial.system(), builder.requestTimeout, SERVICE)
    private val cache = CachingCredentialsProvider({ fetch() }, refreshBefore, clock)

    @Volatile
    private var cachedIdentityId: String? = builder.identityId

    /** The identity id: the one configured, or the one GetId returned; `null` before the first [resolve]. */
    public val identityId: String? get() = cachedIdentityId

    /**
     * Cached credentials, or new ones from Cognito when none are cached or they expire within [refreshBefore].
     * @throws CredentialsException (or a [CredentialsServiceException] subclass) when Cognito gives none.
     */
    override suspend fun resolve(): Credentials = cache.resolve()

    /** Forgets the cached credentials (not the identity id); the next [resolve] asks Cognito. */
    public fun invalidate(): Unit = cache.invalidate()

    private suspend fun fetch(): Credentials {
        val id = cachedIdentityId ?: call("GetId", CognitoWire.getIdRequest(identityPoolId, logins, accountId)) {
            CognitoWire.identityId(it)
        }.also { cachedIdentityId = it }
        return call(
            "GetCredentialsForIdentity",
            CognitoWire.getCredentialsRequest(id, logins, customRoleArn),
        ) { answer ->
            ClockSkew.localize(CognitoWire.credentials(answer), answer.header("Date"), clock, SERVICE)
        }.also { CredentialsLog.obtained(this, it) }
    }

    private suspend fun <T> call(operation: String, body: String, parse: (CredentialsAnswer) -> T): T =
        retryingCredentials(maxAttempts, this, operation) {
            val answer = http.send(
                "POST",
                "$endpoint/",
                mapOf("X-Amz-Target" to CognitoWire.TARGET_PREFIX + operation),
                body,
                ContentType.parse(CognitoWire.CONTENT_TYPE),
            )
            if (answer.status !in SUCCESS) throw CognitoWire.error(operation, answer)
            parse(answer)
        }

    /** Releases the HTTP client. */
    override fun close(): Unit = http.close()

    /** Shows the pool, region and endpoint; never logins or credentials. */
    override fun toString(): String =
        "CognitoCredentialsProvider(identityPoolId=$identityPoolId, region=$region, endpoint=$endpoint, " +
            "logins=${logins.keys})"

    /** Collects the settings of a [CognitoCredentialsProvider] (see the table there). */
    public class Builder internal constructor() {
        /** The identity pool id (required). */
        public var identityPoolId: String? = null

        /** The region; `null` takes it from [identityPoolId]. */
        public var region: String? = null

        /** Provider name → token for authenticated identities. */
        public var logins: Map<String, String> = emptyMap()

        /** A known identity id, skipping GetId. */
        public var identityId: String? = null

        /** The account id sent with GetId (optional). */
        public var accountId: String? = null

        /** A role ARN for GetCredentialsForIdentity's `CustomRoleArn` (optional). */
        public var customRoleArn: String? = null

        /** The endpoint URL; `null` = `https://cognito-identity.<region>.amazonaws.com`. */
        public var endpoint: String? = null

        /** CAs trusted for the endpoint; `null` = the JVM's. */
        public var trust: TrustMaterial? = null

        /**
         * The HTTP engine; `null` (default) = [HttpEngine.JAVA] where `java.net.http` exists, else [HttpEngine.OKHTTP].
         */
        public var engine: HttpEngine? = null

        /** Per-request timeout. */
        public var requestTimeout: Duration = 10.seconds

        /** Tries for retryable failures. */
        public var maxAttempts: Int = 3

        /** Refresh this long before expiry. */
        public var refreshBefore: Duration = 5.minutes

        /** The clock expirations are compared with. */
        public var clock: Clock = Clock.systemUTC()

        /** Sets [identityPoolId]. */
        public fun identityPoolId(value: String): Builder = apply { identityPoolId = value }

        /** Sets [region]. */
        public fun region(value: String): Builder = apply { region = value }

        /** Sets [logins]. */
        public fun logins(value: Map<String, String>): Builder = apply { logins = value }

        /** Sets [identityId]. */
        public fun identityId(value: String?): Builder = apply { identityId = value }

        /** Sets [accountId]. */
        public fun accountId(value: String?): Builder = apply { accountId = value }

        /** Sets [customRoleArn]. */
        public fun customRoleArn(value: String?): Builder = apply { customRoleArn = value }

        /** Sets [endpoint]. */
        public fun endpoint(value: String): Builder = apply { endpoint = value }

        /** Sets [trust]. */
        public fun trust(value: TrustMaterial): Builder = apply { trust = value }

        /** Sets [engine]. */
        public fun engine(value: HttpEngine?): Builder = apply { engine = value }

        /** Sets [requestTimeout]. */
        public fun requestTimeout(value: java.time.Duration): Builder = apply {
            requestTimeout =
                value.toKotlinDuration()
        }

        /** Sets [maxAttempts]. */
        public fun maxAttempts(value: Int): Builder = apply { maxAttempts = value }

        /** Sets [refreshBefore]. */
        public fun refreshBefore(value: java.time.Duration): Builder =
            apply { refreshBefore = value.toKotlinDuration() }

        /** Sets [clock]. */
        public fun clock(value: Clock): Builder = apply { clock = value }

        /** Builds the provider. @throws IllegalArgumentException when [identityPoolId] is missing or malformed. */
        public fun build(): CognitoCredentialsProvider = CognitoCredentialsProvider(this)
    }

    /** Factories. */
    public companion object {
        /** A Java builder. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** Kotlin DSL: `CognitoCredentialsProvider { identityPoolId = "…" }`. */
        public operator fun invoke(block: Builder.() -> Unit): CognitoCredentialsProvider =
            Builder().apply(block).build()
    }
}

private val SUCCESS = 200..299
private const val SERVICE = "Amazon Cognito"
