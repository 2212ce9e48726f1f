package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.BackpropApplication;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A normal start says what it does and warns about nothing: a warning on every start teaches people
 * to skip warnings. (The one a first start prints, the generated admin key, does not arise here: the
 * tests' configuration gives the key.)
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupLogTests {

    @Test
    void startsWithoutAWarning(CapturedOutput output) {
        try (ConfigurableApplicationContext ignored = SpringApplication.run(BackpropApplication.class,
                "--server.port=0", "--spring.datasource.url=jdbc:h2:mem:startup-log;DB_CLOSE_DELAY=-1",
                "--backprop.scheduler.name=startup-log")) {
            assertThat(output.getOut()).contains("Tomcat started on port");
        }
        assertThat(Arrays.stream(output.getAll().split("\n")).filter(line -> line.matches(".*\\s(WARN|ERROR)\\s.*")))
                .as("warnings and errors while starting and stopping").isEmpty();
    }
}
