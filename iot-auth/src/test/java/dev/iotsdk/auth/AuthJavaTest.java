package dev.iotsdk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** iot-auth from Java: credentials providers through futures, SigV4 without kotlin.Pair or kotlin.time.Duration. */
class AuthJavaTest {
    private static final Instant TIME = Instant.parse("2015-08-30T12:36:00Z");
    private static final String HOST = "data-ats.iot.us-east-1.amazonaws.com";
    private final Credentials creds = new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "TOKEN/+=");

    @Test
    void credentialsHaveJavaOverloads() {
        Credentials plain = new Credentials("AKIDEXAMPLE", "SECRET");
        assertNull(plain.getSessionToken());
        assertNull(plain.getExpiration());
    }

    @Test
    void javaSuppliedCredentialsAreResolvedAndCached() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        Credentials expiring = new Credentials("ASIAEXAMPLE", "SECRET", "TOKEN", TIME.plusSeconds(3600));
        CredentialsProvider fromJava = CredentialsProviders.fromFuture(() -> {
            fetches.incrementAndGet();
            return CompletableFuture.completedFuture(expiring);
        });
        CachingCredentialsProvider cached =
            new CachingCredentialsProvider(fromJava, Duration.ofMinutes(5), Clock.fixed(TIME, ZoneOffset.UTC));
        assertSame(expiring, CredentialsProviders.resolveAsync(cached).get(10, TimeUnit.SECONDS));
        assertSame(expiring, CredentialsProviders.resolveAsync(cached).get(10, TimeUnit.SECONDS));
        assertEquals(1, fetches.get());

        CredentialsProvider blocking = CredentialsProviders.fromSupplier(() -> creds);
        assertSame(creds, CredentialsProviders.resolveAsync(new CachingCredentialsProvider(blocking)).get(10, TimeUnit.SECONDS));
    }

    @Test
    void providerFailuresSurfaceAsTheFuturesCause() {
        CredentialsProvider env = new EnvironmentCredentialsProvider(name -> null);
        CompletionException failure = assertThrows(CompletionException.class, () -> CredentialsProviders.resolveAsync(env).join());
        assertInstanceOf(CredentialsException.class, failure.getCause());

        CredentialsProvider failing = CredentialsProviders.fromFuture(
            () -> CompletableFuture.failedFuture(new CredentialsException("vault unreachable", null)));
        CompletionException failed = assertThrows(CompletionException.class, () -> CredentialsProviders.resolveAsync(failing).join());
        assertInstanceOf(CredentialsException.class, failed.getCause());
    }

    @Test
    void signsARequestBuiltWithTheJavaBuilder() {
        SigningRequest request = SigningRequest.builder("POST", HOST).path("/topics/a%2Fb").query("qos", "1")
            .header("content-type", "application/json").body(new byte[] {1, 2}).build();
        SignedRequest signed = SigV4.sign(request, creds, "us-east-1", "iotdata", TIME);
        assertEquals("/topics/a%252Fb", signed.getCanonicalRequest().split("\n")[1]);
        assertEquals("qos=1", signed.getQuery());
        Map<String, String> headers = signed.headersAsMap();
        assertEquals("20150830T123600Z", headers.get("X-Amz-Date"));
        assertEquals(signed.getAuthorization(), headers.get("Authorization"));
        assertTrue(signed.getAuthorization().contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"));
        assertTrue(signed.url().startsWith("https://" + HOST + "/topics/a%2Fb?qos=1"));
    }

    @Test
    void presignsWithJavaTimeDuration() {
        SigningRequest request = SigningRequest.builder("GET", HOST).path("/mqtt").build();
        SignedRequest signed = SigV4.presign(request, creds, "us-east-1", "iotdevicegateway", TIME, Duration.ofMinutes(5));
        assertTrue(signed.getQuery().contains("X-Amz-Expires=300"), signed.getQuery());
        assertThrows(IllegalArgumentException.class,
            () -> SigV4.presign(request, creds, "us-east-1", "iotdevicegateway", TIME, Duration.ofDays(8)));

        String query = SigV4.presignWebSocketQuery(HOST, "us-east-1", creds, TIME, "/mqtt", "iotdevicegateway", Duration.ofSeconds(60));
        assertTrue(query.contains("X-Amz-Expires=60"), query);
        assertTrue(query.endsWith("X-Amz-Security-Token=TOKEN%2F%2B%3D"), query);
    }
}
