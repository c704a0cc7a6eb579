<?php
// The boot stage's sample app.
