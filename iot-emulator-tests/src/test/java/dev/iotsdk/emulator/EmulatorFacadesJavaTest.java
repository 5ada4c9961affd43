package dev.iotsdk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-service admin facades of {@link IotEmulator}, from Java. */
class EmulatorFacadesJavaTest {
    private static IotEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = IotEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void shadowsFacade() {
        assertNull(emulator.getShadows().shadow("java-lamp"));
        emulator.getShadows().updateShadow("java-lamp", null, "{\"state\":{\"desired\":{\"on\":true}}}");
        assertTrue(emulator.getShadows().shadow("java-lamp").contains("\"on\":true"));
        assertNull(emulator.getShadows().shadow("java-lamp", "named"));
    }

    @Test
    void jobsFacade() {
        emulator.registerThing("java-job-thing");
        emulator.getJobs().createThingGroup("java-group", List.of("java-job-thing"));
        emulator.getJobs().createJob("java-job", "{\"step\":1}", List.of(), List.of("java-group"));
        JobExecutionInfo execution = emulator.getJobs().jobExecution("java-job-thing", "java-job");
        assertNotNull(execution);
        emulator.getJobs().cancelJob("java-job");
        assertEquals(0, emulator.getJobs().expireJobTimers());
    }

    @Test
    void provisioningFacade() {
        emulator.getProvisioning().createProvisioningTemplate(new ProvisioningTemplate("java-tpl", "java-{Serial}", java.util.Map.of("Serial", "[0-9]+")));
        ClaimCertificate claim = emulator.getProvisioning().issueClaimCertificate("java-tpl");
        assertTrue(Files.exists(claim.getCertificatePath()));
        emulator.getProvisioning().expireOwnershipTokens();
    }

    @Test
    void temporaryCredentialsFacade() {
        emulator.getTemporaryCredentials().createRoleAlias("java-alias", "arn:aws:iam::123456789012:role/java");
        String pool = emulator.getTemporaryCredentials().createIdentityPool("java-pool", false, "login.java");
        DeveloperIdentityToken token = emulator.getTemporaryCredentials().developerIdentityToken(pool, "duke");
        assertTrue(token.getIdentityId().startsWith(emulator.getRegion() + ":"));
        assertEquals(0, emulator.getTemporaryCredentials().expireIssuedCredentials());
        emulator.getTemporaryCredentials().throttleCredentialRequests(0);
    }
}
