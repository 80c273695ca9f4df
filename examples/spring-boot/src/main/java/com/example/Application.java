package com.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts Spring Boot; camel-spring-boot starts Camel with the routes in {@code src/main/resources/camel/}, and the
 * starter configures the databricks-ai component from {@code application.properties}.
 */
@SpringBootApplication
public class Application {

    public static void main(String[] args) {
        SpringApplication.run(Application.class, args);
    }
}
