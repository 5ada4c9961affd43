package dev.iotsdk.auth

import dev.iotsdk.auth.internal.SigV4Signer
import dev.iotsdk.auth.internal.SignatureLocation
import dev.iotsdk.auth.internal.SigningOptions
import java.time.Instant
import kotlin.time.Duration
import kotlin.time.toKotlinDuration

/**
 * AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for AWS IoT: presigned MQTT-over-WebSocket URLs
 * ([presignWebSocketQuery]), `Authorization`-header signing of HTTPS calls such as the `iotdata` REST API ([sign]),
 * and general query presigning ([presign]).
 *
 * Kotlin:
 * ```kotlin
 * val creds = DefaultCredentialsProvider.resolve()
 * val query = SigV4.presignWebSocketQuery("abc-ats.iot.eu-west-1.amazonaws.com", "eu-west-1", creds)
 * val url = "wss://abc-ats.iot.eu-west-1.amazonaws.com/mqtt?$query"
 * ```
 * Java:
 * ```java
 * SignedRequest s = SigV4.INSTANCE.sign(new SigningRequest("GET", host, "/things/t1/shadow", List.of(), List.of(),
 *     new byte[0], null), creds, "eu-west-1", "iotdata", Instant.now(), false, false);
 * ```
 *
 * All functions are pure and thread-safe; they do no I/O.
 *
 * Encoding rules: query names and values are URI-encoded by the signer (RFC 3986 unreserved characters kept); the
 * request path is taken as it goes on the wire and, for every service except S3, encoded once more ("double
 * encoding", as the AWS test suite expects), after dot segments and repeated slashes are normalised.
 *
 * **Implementation decision — our own signer, not smithy-kotlin's.** The AWS-maintained
 * `aws.smithy.kotlin:aws-signing-default` 1.7.2 can do what we need functionally (query signing,
 * `omitSessionToken`, a `shouldSignHeader` predicate), but it brings 11 smithy runtime artifacts (about 1.8 MB,
 * including an HTTP client abstraction and telemetry API) plus okio, kotlinx-io and kotlinx-datetime (about
 * 3 MB in all) onto every device's classpath, exposes its own `HttpRequest`/`Instant`/credentials types that we
 * would have to convert both ways, and signs through a suspending API. A device SDK that must stay tiny and run on
 * Android needs about 200 lines: the signer in `dev.iotsdk.auth.internal` is checked against the published AWS
 * SigV4 test suite (`aws-c-auth` `tests/aws-signing-test-suite/v4`) and against the WebSocket algorithm of the AWS
 * IoT Developer Guide.
 */
public object SigV4 {
    /**
     * The presigned query string (without `?`) for MQTT over WebSocket to AWS IoT Core, exactly as the AWS IoT
     * Developer Guide builds it: `GET` [path] (`/mqtt`), service `iotdevicegateway`, only `host` signed, payload
     * hash of the empty string, `X-Amz-Expires` only when [expires] is given. A session token is appended as
     * `X-Amz-Security-Token` AFTER `X-Amz-Signature` and is not part of the signature (AWS IoT does not sign it).
     *
     * @param host the endpoint host exactly as sent in the `Host` header (add `:port` only if the port is sent).
     * @param region the endpoint's region, used in the credential scope.
     * @param time the signing time; the server accepts about 5 minutes of clock skew.
     * @param expires the URL's validity (1 second to 7 days), or `null` to omit `X-Amz-Expires`.
     */
    @JvmStatic
    @JvmOverloads
    public fun presignWebSocketQuery(
        host: String,
        region: String,
        credentials: Credentials,
        time: Instant = Instant.now(),
        path: String = "/mqtt",
        service: String = "iotdevicegateway",
        expires: Duration? = null,
    ): String = presign(
        SigningRequest("GET", host, path),
        credentials,
        region,
        service,
        time,
        expires,
        omitSessionToken = true,
    ).query

    /**
     * Signs [request] with an `Authorization` header (the form HTTPS APIs such as `iotdata` use). Add
     * [SignedRequest.headers] to the request; send [SignedRequest.query] as its query string.
     *
     * @param omitSessionToken send `X-Amz-Security-Token` but leave it out of the signature.
     * @param addContentSha256Header also send and sign `x-amz-content-sha256` (S3-style services require it).
     * @param normalizePath remove `.`/`..` segments and repeated slashes before signing (false for S3).
     * @param doubleEncodePath encode the already-encoded path once more (false for S3).
     */
    @JvmStatic
    @JvmOverloads
    public fun sign(
        request: SigningRequest,
        credentials: Credentials,
        region: String,
        service: String,
        time: Instant = Instant.now(),
        omitSessionToken: Boolean = false,
        addContentSha256Header: Boolean = false,
        normalizePath: Boolean = true,
        doubleEncodePath: Boolean = true,
    ): SignedRequest = SigV4Signer.sign(
        request,
        credentials,
        SigningOptions(
            region = region,
            service = service,
            time = time,
            location = SignatureLocation.HEADER,
            omitSessionToken = omitSessionToken,
            addContentSha256Header = addContentSha256Header,
            normalizePath = normalizePath,
            doubleEncodePath = doubleEncodePath,
        ),
    )

    /**
     * Presigns [request] with `X-Amz-*` query parameters; send [SignedRequest.query] as the query string.
     *
     * @param expires the validity, sent as `X-Amz-Expires` (1 second to 7 days), or `null` to omit it.
     * @param omitSessionToken leave `X-Amz-Security-Token` out of the signature and append it after
     *   `X-Amz-Signature` (what AWS IoT's WebSocket endpoint expects); otherwise it is signed.
     * @param normalizePath remove `.`/`..` segments and repeated slashes before signing (false for S3).
     * @param doubleEncodePath encode the already-encoded path once more (false for S3).
     */
    @JvmStatic
    @JvmOverloads
    public fun presign(
        request: SigningRequest,
        credentials: Credentials,
        region: String,
        service: String,
        time: Instant = Instant.now(),
        expires: Duration? = null,
        omitSessionToken: Boolean = false,
        normalizePath: Boolean = true,
        doubleEncodePath: Boolean = true,
    ): SignedRequest {
        val seconds = expires?.inWholeSeconds
        require(seconds == null || seconds in 1..MAX_EXPIRES_SECONDS) { "expires must be between 1 second and 7 days" }
        return SigV4Signer.sign(
            request,
            credentials,
            SigningOptions(
                region = region,
                service = service,
                time = time,
                location = SignatureLocation.QUERY,
                expiresSeconds = seconds,
                omitSessionToken = omitSessionToken,
                normalizePath = normalizePath,
                doubleEncodePath = doubleEncodePath,
            ),
        )
    }

    /**
     * [presignWebSocketQuery] for Java callers, with the validity as a [java.time.Duration] (1 second to 7 days).
     *
     * ```java
     * String query = SigV4.presignWebSocketQuery(host, "eu-west-1", credentials, Instant.now(), "/mqtt",
     *         "iotdevicegateway", java.time.Duration.ofMinutes(5));
     * ```
     */
    @JvmStatic
    public fun presignWebSocketQuery(
        host: String,
        region: String,
        credentials: Credentials,
        time: Instant,
        path: String,
        service: String,
        expires: java.time.Duration,
    ): String = presignWebSocketQuery(host, region, credentials, time, path, service, expires.toKotlinDuration())

    /**
     * [presign] for Java callers, with the validity as a [java.time.Duration] (1 second to 7 days); the other
     * parameters as in [presign].
     */
    @JvmStatic
    @JvmOverloads
    public fun presign(
        request: SigningRequest,
        credentials: Credentials,
        region: String,
        service: String,
        time: Instant,
        expires: java.time.Duration,
        omitSessionToken: Boolean = false,
        normalizePath: Boolean = true,
        doubleEncodePath: Boolean = true,
    ): SignedRequest = presign(
        request, credentials, region, service, time, expires.toKotlinDuration(), omitSessionToken,
        normalizePath, doubleEncodePath,
    )

    private const val MAX_EXPIRES_SECONDS = 7L * 24 * 3600
}
