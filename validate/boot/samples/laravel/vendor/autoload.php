<?php
// The boot stage's sample app has no dependencies.
