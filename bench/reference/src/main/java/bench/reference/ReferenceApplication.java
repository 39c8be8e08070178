package bench.reference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A plain Camunda 7 Spring Boot application: the engine, Cockpit/Tasklist/Admin, REST, an H2 file database. */
@SpringBootApplication
public class ReferenceApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReferenceApplication.class, args);
	}

}
